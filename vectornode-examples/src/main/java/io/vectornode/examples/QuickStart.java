package io.vectornode.examples;

import io.vectornode.ChatResponse;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNode;

/**
 * The smallest real program: reads {@code OPENAI_API_KEY} from the environment and asks one
 * question.
 *
 * <pre>
 * OPENAI_API_KEY=sk-... java -cp vectornode-examples/target/vectornode.jar \
 *     io.vectornode.examples.QuickStart
 * </pre>
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ModelClient ai = VectorNode.fromEnvironment()) {
      ChatResponse r = ai.chat("openai/gpt-4o-mini", "Name three prime numbers.");
      System.out.println(r.text());
      System.out.println(r.usage().inputTokens() + " in / " + r.usage().outputTokens()
          + " out tokens, " + r.latency().toMillis() + " ms");
    }
  }
}
