package io.vectornode.examples;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.structured.StructuredOutput;
import io.vectornode.structured.StructuredOutputException;
import io.vectornode.structured.StructuredResponse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Typed structured output: the model's answer as a Java record, validated against the schema
 * generated from it, with one repair turn allowed, and from a stream.
 *
 * <pre>
 * java -cp vectornode-examples/target/vectornode.jar io.vectornode.examples.TypedOutput \
 *     vectornode-examples/config/vectornode.example.yaml
 * </pre>
 */
public final class TypedOutput {
  private TypedOutput() {}

  /** How soon a ticket needs an answer. */
  public enum Priority {
    /** This week. */
    LOW,
    /** Today. */
    NORMAL,
    /** Now. */
    URGENT
  }

  /**
   * Something a team must do.
   *
   * @param team who
   * @param task what
   */
  @JsonClassDescription("A task for one team")
  public record Action(String team, String task) {}

  /**
   * A support ticket, triaged.
   *
   * @param summary one line
   * @param priority how soon
   * @param actions what to do, in order
   * @param reply a reply to send the customer, when one is needed now
   */
  public record Triage(
      @JsonPropertyDescription("One line, under 80 characters") String summary,
      Priority priority,
      List<Action> actions,
      Optional<String> reply) {}

  static final String TICKET = "Since this morning's deploy every checkout fails with a 502. "
      + "Customers are emailing; one enterprise customer threatens to cancel.";

  /**
   * Runs the example against a config file.
   *
   * @param args the config file
   */
  public static void main(String[] args) {
    Path config = Path.of(args.length > 0 ? args[0] : "vectornode.yaml");
    try (VectorNodeClient ai = VectorNode.fromConfig(config)) {
      run(ai, "fast", System.out);
    } catch (VectorNodeException e) {
      System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The three ways to ask for a typed answer.
   *
   * @param ai the client
   * @param model the deployment, route or provider/model to ask
   * @param out where to print
   * @return the triage of the repaired call
   */
  static Triage run(VectorNodeClient ai, String model, PrintStream out) {
    ChatRequest ask = ChatRequest.builder().model(model)
        .system("Triage the support ticket.").user(TICKET).build();

    // 1. The simplest form: a record in, a record out. Routed only to deployments whose model
    //    can take a JSON schema.
    Triage first = ai.chat(ask, Triage.class);
    out.println("1. " + first.priority() + ": " + first.summary());

    // 2. With a repair turn: a wrong answer is sent back with the validation errors, once; both
    //    turns are attempts of one call (one usage event, the cost of both).
    Triage repaired;
    try {
      StructuredResponse<Triage> r = ai.chat(ask,
          StructuredOutput.of(Triage.class).repairs(1));
      repaired = r.value();
      out.println("2. " + repaired.actions().size() + " actions after " + r.answers()
          + " answer(s), " + r.response().attempts() + " attempt(s), "
          + r.response().usage().totalTokens() + " tokens");
    } catch (StructuredOutputException e) {
      out.println("2. still invalid: " + e.errors() + " in " + e.rawText());
      throw e;
    }

    // 3. A stream's final response, read the same way.
    StructuredOutput<Triage> triage = StructuredOutput.of(Triage.class);
    try (ChatStream stream = ai.stream(triage.apply(ask))) {
      Triage streamed = triage.read(stream).value();
      out.println("3. reply: " + streamed.reply().orElse("(none)"));
    }
    return repaired;
  }
}
