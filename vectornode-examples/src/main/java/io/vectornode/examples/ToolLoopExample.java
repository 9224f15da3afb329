package io.vectornode.examples;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.VectorNode;
import io.vectornode.tools.Param;
import io.vectornode.tools.ToolLoop;
import io.vectornode.tools.ToolLoopLimitException;
import io.vectornode.tools.ToolMethod;
import io.vectornode.tools.Tools;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tools from plain methods and the tool loop: the model calls the methods it needs (two at once
 * here), reads their results, and answers; blocking, then streamed.
 *
 * <pre>
 * java -cp vectornode-examples/target/vectornode.jar io.vectornode.examples.ToolLoopExample \
 *     vectornode-examples/config/vectornode.example.yaml
 * </pre>
 */
public final class ToolLoopExample {
  private ToolLoopExample() {}

  /** The application's side: ordinary methods, annotated. Thread-safe (calls run in parallel). */
  public static final class TravelDesk {
    /** A forecast, written back to the model as JSON. */
    public record Forecast(String city, int celsius, String sky) {}

    /** The currencies the desk converts. */
    public enum Currency { EUR, NOK, USD }

    private static final Map<Currency, BigDecimal> PER_EUR = Map.of(Currency.EUR, BigDecimal.ONE,
        Currency.NOK, new BigDecimal("11.70"), Currency.USD, new BigDecimal("1.08"));

    /**
     * The weather now.
     *
     * @param city the city
     * @return its forecast
     */
    @ToolMethod(description = "The weather in a city now")
    public Forecast weather(@Param(value = "city", description = "a city name, e.g. Oslo")
        String city) {
      return new Forecast(city, -3, "snow");
    }

    /**
     * Converts an amount.
     *
     * @param amount the amount
     * @param from its currency
     * @param to the currency wanted
     * @return the amount in {@code to}
     */
    @ToolMethod(name = "convert_currency", description = "Converts an amount between currencies")
    public BigDecimal convert(@Param("amount") BigDecimal amount, @Param("from") Currency from,
        @Param("to") Currency to) {
      return amount.divide(PER_EUR.get(from), 6, RoundingMode.HALF_EVEN)
          .multiply(PER_EUR.get(to)).setScale(2, RoundingMode.HALF_EVEN);
    }
  }

  /**
   * Runs the example on a client.
   *
   * @param ai the client (a router makes each loop one call, reported once)
   * @param model the model or route to ask
   * @param out where the answers go
   */
  public static void run(ModelClient ai, String model, PrintStream out) {
    ToolLoop loop = ToolLoop.of(Tools.from(new TravelDesk())).maxSteps(6);
    ChatRequest ask = ChatRequest.builder().model(model)
        .user("I'm flying to Oslo with 200 EUR. What's the weather, and how much is that in NOK?")
        .build();

    // 1. Blocking: the final answer, with every turn's cost.
    ChatResponse answer = loop.chat(ai, ask);
    out.println(answer.text());
    out.println("[" + answer.attempts() + " attempts, $" + answer.cost().usd().orElse(null)
        + "]");

    // 2. Streamed: every turn's text as it arrives; the tools run between turns.
    try (ChatStream stream = loop.stream(ai, ask)) {
      for (StreamEvent e : stream) {
        if (e instanceof StreamEvent.TextDelta d) {
          out.print(d.text());
        } else if (e instanceof StreamEvent.Completed c) {
          out.println("\n[" + c.response().usage().outputTokens() + " output tokens]");
        }
      }
    } catch (ToolLoopLimitException e) {
      out.println("the model kept calling tools: " + e.lastResponse().toolCalls());
    }
  }

  /**
   * Runs the example.
   *
   * @param args the config file (with a model or route named {@code fast})
   */
  public static void main(String[] args) {
    Path config = Path.of(args.length > 0 ? args[0] : "vectornode.yaml");
    try (ModelClient ai = VectorNode.fromConfig(config)) {
      run(ai, "fast", System.out);
    } catch (VectorNodeException e) {
      System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
