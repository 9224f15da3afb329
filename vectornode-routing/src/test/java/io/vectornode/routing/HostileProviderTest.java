package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.usage.UsageLedger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallOutcome;
import io.vectornode.ModelClient;
import io.vectornode.error.ProviderException;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.StubReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile provider sends must not leak through the router's own outputs either: the
 * key-pool ERROR log, call logs, listener events and the usage ledger; and a redirect must not
 * carry a routed call to another host.
 */
class HostileProviderTest extends RouterTestSupport {
  private static final String CANARY = "sk-canary-ROUTED-8f14e45fceea167a5a36dedd4bea2543";

  @TempDir Path dir;

  private static List<String> fragments(String text) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i + 8 <= CANARY.length(); i++) {
      if (text.contains(CANARY.substring(i, i + 8))) {
        found.add(CANARY.substring(i, i + 8));
      }
    }
    return found;
  }

  @Test
  void keyEchoedInTheErrorCodeAndHeaders_neverReachesTheKeyPoolLogEventsOrLedger()
      throws Exception {
    ProviderStubServer s = server();
    s.enqueue(StubReply.json(401, "{\"error\":{\"message\":\"bad key\",\"type\":\"" + CANARY
            + "\",\"code\":\"" + CANARY + "\"}}")
        .header("x-request-id", CANARY).header("x-ratelimit-limit-requests", CANARY));
    Path ledgerDir = dir.resolve("ledger");
    Throwable thrown;
    try (UsageLedger ledger = UsageLedger.open(ledgerDir, time.clock(), ZoneOffset.UTC)) {
      ModelClient c = build(builder().provider(io.vectornode.spi.ProviderConfig.builder("p")
              .type("openai").baseUrl(s.baseUrl()).build())
          .keys("p", List.of(ApiKey.of(CANARY))).model("m", "p", "gpt-4o").listener(ledger));
      thrown = catchThrowable(() -> c.chat("m", "hi"));
    }
    assertThat(thrown).isInstanceOf(ProviderException.class);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(LogCapture.lines()).anySatisfy(l ->
        assertThat(l.toString()).contains("disabled after HTTP 401"));
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    String everything = LogCapture.text() + listener.dump() + trace
        + ((ProviderException) thrown).headers()
        + Files.readString(UsageLedger.file(ledgerDir,
            LocalDate.ofInstant(time.clock().instant(), ZoneOffset.UTC)));
    assertThat(fragments(everything)).isEmpty();
  }

  @Test
  void redirect_ofTheFirstDeployment_neverReachesTheOtherHost_andFallsBack() {
    ProviderStubServer a = server();
    ProviderStubServer b = server();
    ProviderStubServer elsewhere = server();
    a.enqueue(StubReply.body(307, "text/plain", "")
        .header("Location", elsewhere.baseUrl() + "/chat/completions"));
    b.enqueue(io.vectornode.testing.OpenAiStubs.chat("from b"));
    elsewhere.enqueue(io.vectornode.testing.OpenAiStubs.chat("from elsewhere"));
    ModelClient c = build(builder().provider(openai("pa", a)).provider(openai("pb", b))
        .model("ma", "pa", "gpt-4o-mini").model("mb", "pb", "gpt-4o-mini")
        .route(Route.fallback("r", "ma", "mb")));
    Throwable thrown = catchThrowable(() -> c.chat("r", "the prompt"));
    assertThat(elsewhere.requestCount()).as("requests that reached the other host").isZero();
    assertThat(a.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().attempts().get(0).error()).isNotNull();
    assertThat(String.valueOf(listener.singleEnd().attempts().get(0).error()))
        .contains("307").contains("refused");
    if (thrown == null) {
      assertThat(b.requestCount()).isEqualTo(1);
    } else {
      assertThat(thrown).hasMessageContaining("refused");
    }
  }

  @Test
  void configuredResponseAndEventBounds_applyToTheProvider() throws Exception {
    ProviderStubServer s = server();
    Path f = dir.resolve("bounds.yaml");
    Files.writeString(f, """
        providers:
          openai:
            apiKey: sk-bounds-0123456789
            baseUrl: %s
            maxResponseBytes: 1MB
            maxEventBytes: 64KiB
        models:
          m: { provider: openai, model: gpt-4o-mini }
        """.formatted(s.baseUrl()));
    ModelClient c = VectorNode.fromConfig(f);
    try {
      s.enqueue(StubReply.json(200, "{\"id\":\"" + "x".repeat(2 << 20) + "\"}"));
      assertThat(catchThrowable(() -> c.chat("m", "hi")))
          .isInstanceOf(io.vectornode.error.ResponseParseException.class)
          .hasMessageContaining("larger than 1048576 bytes (maxResponseBytes)");
      s.enqueue(StubReply.sse(List.of("data: {\"x\":\"" + "y".repeat(100_000) + "\"}")));
      assertThat(catchThrowable(() -> {
        try (var stream = c.stream(io.vectornode.ChatRequest.builder().model("m").user("hi")
            .build())) {
          stream.forEach(e -> { });
        }
      })).isInstanceOf(io.vectornode.error.ResponseParseException.class)
          .hasMessageContaining("longer than 65536 bytes (maxEventBytes)");
    } finally {
      c.close();
    }
  }

  @Test
  void keyOrHeaderThatCannotTravelInHttp_inAConfig_namesTheFieldAndPositionOnly()
      throws Exception {
    String bad = CANARY.substring(0, 30) + "\u00e9" + CANARY.substring(30);
    for (String providerBlock : List.of(
        "apiKeys: [ sk-good-key-0123456789, \"" + bad + "\" ]",
        "apiKey: sk-good-key-0123456789\n    headers: { X-Gateway-Token: \"" + bad + "\" }",
        "apiKey: \"" + bad + "\"")) {
      Path f = dir.resolve("bad.yaml");
      Files.writeString(f, """
          providers:
            openai:
              %s
          models:
            m: { provider: openai, model: gpt-4o-mini }
          """.formatted(providerBlock));
      Throwable thrown = catchThrowable(() -> VectorNode.fromConfig(f).close());
      assertThat(thrown).as(providerBlock).isInstanceOf(
          io.vectornode.error.ConfigurationException.class)
          .hasMessageContaining("position 31").hasMessageContaining("non-ASCII");
      assertThat(thrown.getMessage()).containsAnyOf("providers.openai.apiKeys[1]",
          "providers.openai.headers.X-Gateway-Token", "providers.openai.apiKey");
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      assertThat(fragments(trace.toString())).isEmpty();
    }
  }

  /** A provider that breaks its contract (an untyped exception) must not hold a budget. */
  @Test
  void untypedProviderException_neverLeavesAReservationHeldUntilThePeriodEnds() {
    io.vectornode.spi.ModelProvider broken = new io.vectornode.spi.ModelProvider() {
      @Override
      public String id() {
        return "openai";
      }

      @Override
      public ModelClient create(io.vectornode.spi.ProviderConfig config,
          io.vectornode.spi.ProviderContext context) {
        return new ModelClient() {
          @Override
          public io.vectornode.ChatResponse chat(io.vectornode.ChatRequest r) {
            throw new IllegalArgumentException("tool call name: must not be blank");
          }

          @Override
          public java.util.concurrent.CompletableFuture<io.vectornode.ChatResponse> chatAsync(
              io.vectornode.ChatRequest r) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalArgumentException("tool call name: must not be blank"));
          }

          @Override
          public io.vectornode.ChatStream stream(io.vectornode.ChatRequest r) {
            throw new IllegalArgumentException("tool call name: must not be blank");
          }

          @Override
          public void close() {}
        };
      }
    };
    ModelClient c = build(builder()
        .registry(io.vectornode.spi.ProviderRegistry.of(List.of(broken)))
        .provider(io.vectornode.spi.ProviderConfig.builder("p").type("openai")
            .apiKey("sk-broken-0123456789").build())
        .model("m", "p", "gpt-4o-mini")
        .budget(Budget.of("cap", BudgetScope.global(), Budget.Period.MONTH, "1")));
    for (int i = 0; i < 3; i++) {
      assertThat(catchThrowable(() -> c.chat("m", "hi"))).isNotNull();
    }
    BudgetStatus ledger = budget(c, "cap");
    assertThat(ledger.reserved())
        .as("held reservations").isEqualByComparingTo("0");
    assertThat(ledger.spent())
        .as("charged, as the request may have been billed").isPositive();
  }
}
