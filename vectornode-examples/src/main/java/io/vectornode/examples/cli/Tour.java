package io.vectornode.examples.cli;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Tool;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.RateLimitException;
import io.vectornode.routing.Resilience;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.usage.UsageMeter;
import io.vectornode.usage.UsageSnapshot;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The guided tour: the same calls an application makes, against an embedded stub server that
 * speaks the OpenAI wire format. No key, no network.
 */
final class Tour {
  static final String USAGE = """
      usage: vectornode tour   (or just: vectornode)

      A guided tour: chats, three provider wire formats, a stream, a tool call, a quota error,
      retries and a fallback, a budget refusal and the usage a listener saw, all against an
      embedded stub server. No key, no network.
      """;

  private static final String DEMO_KEY = "sk-demo-not-a-real-key";

  private final PrintStream out;

  Tour(PrintStream out) {
    this.out = out;
  }

  int run() {
    CallEnds usage = new CallEnds();
    UsageMeter meter = UsageMeter.create();
    try (TourServer server = TourServer.start();
        ModelClient ai = VectorNode.builder()
            .provider(ProviderConfig.builder("openai").apiKey(DEMO_KEY)
                .baseUrl(server.baseUrl()).build())
            .provider(ProviderConfig.builder("anthropic").apiKey(DEMO_KEY)
                .baseUrl(server.rootUrl()).build())
            .provider(ProviderConfig.builder("gemini").apiKey(DEMO_KEY)
                .baseUrl(server.rootUrl()).build())
            .model("fast", "openai", "gpt-4o-mini")
            .model("primary", "openai", "gpt-4o")
            .model("backup", "anthropic", "claude-haiku-4-5")
            .model("premium", "openai", "gpt-4o")
            .route(Route.fallback("resilient", "primary", "backup"))
            .resilience(Resilience.custom().initialBackoff(Duration.ofMillis(100)).build())
            .budget(Budget.of("demo-daily", BudgetScope.tag("team", "demo"), Budget.Period.DAY,
                "0.05"))
            .logCalls(false)
            .listener(usage)
            .listener(meter)
            .build()) {
      out.println("VectorNode tour: one ModelClient; an embedded stub server speaking the OpenAI,"
          + " Anthropic and Gemini formats at "
          + server.baseUrl());
      chat(server, ai);
      threeFormats(server, ai);
      stream(server, ai);
      tools(server, ai);
      rateLimit(server, ai);
      retryAndFallback(server, ai, usage);
      budget(server, ai);
      usageTable(usage);
      meterTable(meter);
      out.println();
      out.println("Done. Next: `vectornode chat --config FILE --model openai/gpt-4o-mini \"hi\"`"
          + " against a real provider.");
      return 0;
    }
  }

  private void step(int n, String title, String code) {
    out.println();
    out.println("== " + n + ". " + title);
    out.println("   " + code);
  }

  private void chat(TourServer server, ModelClient ai) {
    step(1, "A chat", "ai.chat(\"fast\", \"Say hello in five words\")");
    server.enqueue(TourReplies.openAiChat("Hello from VectorNode, friend!", 14, 7));
    ChatResponse r = ai.chat("fast", "Say hello in five words");
    out.println("   -> \"" + r.text() + "\"  (" + r.provider() + "/" + r.model() + ", "
        + r.finishReason() + ", " + r.usage().inputTokens() + " in / "
        + r.usage().outputTokens() + " out tokens)");
  }

  private void threeFormats(TourServer server, ModelClient ai) {
    step(2, "One request, three provider wire formats, the same code",
        "for (String model : models) ai.chat(request.toBuilder().model(model).build())");
    server.enqueue(TourReplies.openAiChat("Bonjour (via Chat Completions)", 18, 5));
    server.enqueue(TourReplies.anthropicMessage("Bonjour (via Messages)", 15, 6));
    server.enqueue(TourReplies.geminiResponse("Bonjour (via generateContent)", 12, 5, 3));
    ChatRequest request = ChatRequest.builder().system("Answer in French.").user("Say hello")
        .build();
    for (String model : new String[] {"openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5",
        "gemini/gemini-2.5-flash"}) {
      ChatResponse r = ai.chat(request.toBuilder().model(model).build());
      out.println(String.format("   %-28s -> \"%s\"  (%s, %d in / %d out tokens)", model,
          r.text(), r.model(), r.usage().inputTokens(), r.usage().outputTokens()));
    }
  }

  private void stream(TourServer server, ModelClient ai) {
    step(3, "A stream, printed as it arrives", "for (StreamEvent e : ai.stream(request)) ...");
    server.enqueue(TourReplies.openAiStream("Streams ", "arrive ", "token ", "by ", "token, ",
        "with ", "usage ", "at ", "the ", "end.").eventDelay(Duration.ofMillis(60)));
    out.print("   -> ");
    try (ChatStream s = ai.stream(ChatRequest.builder().model("fast")
        .user("Describe streaming").build())) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta d) {
          out.print(d.text());
          out.flush();
        } else if (e instanceof StreamEvent.UsageUpdate u) {
          out.print("  [usage: " + u.usage().inputTokens() + " in / "
              + u.usage().outputTokens() + " out]");
        } else if (e instanceof StreamEvent.Completed c) {
          out.println("  [completed: " + c.response().finishReason() + ", first token after "
              + c.response().timeToFirstToken().toMillis() + " ms]");
        }
      }
    }
  }

  private void tools(TourServer server, ModelClient ai) {
    step(4, "A tool call and its result",
        "ChatRequest.builder().tool(Tool.of(\"get_weather\", ...)) ... Message.toolResult(id, json)");
    server.enqueue(TourReplies.openAiToolCall("call_w1", "get_weather",
        "{\"city\":\"Lisbon\"}"));
    Tool weather = Tool.of("get_weather", "Current weather for a city",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}");
    ChatRequest ask = ChatRequest.builder().model("fast").user("Weather in Lisbon?")
        .tool(weather).build();
    ChatResponse first = ai.chat(ask);
    ContentPart.ToolCall call = first.toolCalls().get(0);
    out.println("   -> model asks: " + call.name() + call.arguments() + " (id " + call.id() + ", "
        + first.finishReason() + ")");
    String result = "{\"city\":\"Lisbon\",\"tempC\":21,\"sky\":\"clear\"}";
    out.println("   <- application answers: " + result);
    server.enqueue(TourReplies.openAiChat("It is 21 C and clear in Lisbon."));
    ChatResponse answer = ai.chat(ask.toBuilder().message(first.message())
        .message(Message.toolResult(call.id(), result)).build());
    out.println("   -> \"" + answer.text() + "\"");
  }

  private void rateLimit(TourServer server, ModelClient ai) {
    step(5, "A quota error, as a typed exception (not retried: retrying cannot help)",
        "catch (RateLimitException e) { e.retryable(); e.quotaExceeded(); e.headers(); }");
    server.enqueue(TourReplies.openAiError(429, "insufficient_quota", "insufficient_quota",
        "You exceeded your current quota, please check your plan and billing details.")
        .header("x-ratelimit-remaining-requests", "0"));
    try {
      ai.chat("fast", "One more, please");
      out.println("   -> unexpected success");
    } catch (RateLimitException e) {
      out.println("   -> " + e.getClass().getSimpleName() + " (HTTP " + e.status() + ", "
          + e.errorCode().orElse("-") + ")");
      out.println("      retryable=" + e.retryable() + ", quotaExceeded=" + e.quotaExceeded()
          + ", x-ratelimit-remaining-requests="
          + e.headers().get("x-ratelimit-remaining-requests") + ", request id "
          + e.requestId().orElse("-"));
    }
  }

  private void retryAndFallback(TourServer server, ModelClient ai, CallEnds usage) {
    step(6, "Retries, then a fallback, in one call",
        "route \"resilient\": primary (openai/gpt-4o) -> backup (anthropic/claude-haiku-4-5)");
    server.enqueue(TourReplies.openAiError(503, "server_error", null,
        "The server is overloaded."));
    server.enqueue(TourReplies.openAiRateLimited(Duration.ofMillis(150))
        .header("retry-after", "0"));
    server.enqueue(TourReplies.openAiError(500, "server_error", null, "Internal error."));
    server.enqueue(TourReplies.anthropicMessage("Served by the backup.", 20, 5));
    ChatResponse r = ai.chat(ChatRequest.builder().task("resilient").user("Hello?").build());
    out.println("   -> \"" + r.text() + "\" after " + r.attempts() + " attempts, "
        + r.latency().toMillis() + " ms in all");
    CallEndEvent end = usage.last().orElseThrow();
    for (AttemptEvent a : end.attempts()) {
      out.println(String.format("      attempt %d  %-8s %-31s %-8s %-27s %s", a.attempt(),
          a.deployment(), a.provider() + "/" + a.model(), a.outcome(),
          a.errorType() == null ? "" : a.errorType(), a.reason() == null ? "" : a.reason()));
    }
  }

  private void budget(TourServer server, ModelClient ai) {
    step(7, "A budget refusal, before any request is sent",
        "budget demo-daily: team=demo, $0.05 per day; each call reserves its worst case first");
    int before = server.requestCount();
    ChatRequest big = ChatRequest.builder().model("premium").user("Write a novel.")
        .maxOutputTokens(16_000).tag("team", "demo").build();
    try {
      ai.chat(big);
      out.println("   -> unexpected success");
    } catch (BudgetExceededException e) {
      out.println("   -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
      out.println("      requests sent: " + (server.requestCount() - before));
    }
  }

  private void meterTable(UsageMeter meter) {
    step(9, "The usage meter, by deployment", "meter.snapshot(\"deployment\")");
    out.println(String.format("   %-36s %5s %6s %6s %6s %12s %7s %7s", "deployment", "calls",
        "failed", "in", "out", "cost USD", "unknown", "p95 ms"));
    for (UsageSnapshot.Row r : meter.snapshot("deployment").rows()) {
      out.println(String.format("   %-36s %5d %6d %6d %6d %12s %7d %7.0f",
          r.group().get("deployment"), r.calls(), r.failedCalls(), r.inputTokens(),
          r.outputTokens(), r.costUsd().setScale(6, java.math.RoundingMode.HALF_UP)
              .toPlainString(), r.unknownCostAttempts(), r.latency().p95()));
    }
  }

  private void usageTable(CallEnds usage) {
    step(8, "What the listener saw", "VectorNode.builder().listener(myListener)");
    out.println(String.format("   %-24s %-8s %-30s %6s %6s %8s", "request", "outcome", "model",
        "in", "out", "latency"));
    long in = 0;
    long outTokens = 0;
    for (CallEndEvent e : usage.all()) {
      String model = e.attempts().isEmpty() ? "(no request sent)"
          : e.attempts().get(e.attempts().size() - 1).provider() + "/"
              + e.attempts().get(e.attempts().size() - 1).model();
      out.println(String.format("   %-24s %-8s %-30s %6d %6d %5d ms", e.requestId(), e.outcome(),
          model, e.usage().inputTokens(), e.usage().outputTokens(), e.latency().toMillis()));
      in += e.usage().inputTokens();
      outTokens += e.usage().outputTokens();
    }
    out.println(String.format("   %-24s %-8s %-30s %6d %6d", usage.all().size() + " calls", "",
        "total", in, outTokens));
  }
}
