package io.vectornode.examples;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Tool;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.VectorNode;
import java.nio.file.Path;

/**
 * Streaming, a tool round trip and typed errors, from a config file.
 *
 * <pre>
 * java -cp vectornode-examples/target/vectornode.jar io.vectornode.examples.StreamingAndTools \
 *     vectornode-examples/config/vectornode.example.yaml
 * </pre>
 */
public final class StreamingAndTools {
  private StreamingAndTools() {}

  /**
   * Runs the example.
   *
   * @param args the config file
   */
  public static void main(String[] args) {
    Path config = Path.of(args.length > 0 ? args[0] : "vectornode.yaml");
    try (ModelClient ai = VectorNode.fromConfig(config)) {
      // 1. Stream: print text as it arrives; the last event carries the whole response.
      try (ChatStream stream = ai.stream(ChatRequest.builder().model("fast")
          .user("Write a haiku about connection pools.").build())) {
        for (StreamEvent e : stream) {
          if (e instanceof StreamEvent.TextDelta d) {
            System.out.print(d.text());
          } else if (e instanceof StreamEvent.Completed c) {
            System.out.println("\n[" + c.response().usage().outputTokens() + " tokens]");
          }
        }
      }

      // 2. Tools: the model asks, the application answers, the model finishes.
      Tool weather = Tool.of("get_weather", "Current weather for a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");
      ChatRequest ask = ChatRequest.builder().model("fast").user("Weather in Oslo?")
          .tool(weather).build();
      ChatResponse first = ai.chat(ask);
      ChatRequest.Builder next = ask.toBuilder().message(first.message());
      for (ContentPart.ToolCall call : first.toolCalls()) {
        next.message(Message.toolResult(call.id(), "{\"tempC\":-3,\"sky\":\"snow\"}"));
      }
      System.out.println(ai.chat(next.build()).text());
    } catch (RateLimitException e) {
      System.err.println("rate limited; retry after " + e.retryAfter().orElse(null));
    } catch (VectorNodeException e) {
      System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage()
          + (e.retryable() ? " (retryable)" : ""));
    }
  }
}
