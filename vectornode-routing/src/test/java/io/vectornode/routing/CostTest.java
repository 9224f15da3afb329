package io.vectornode.routing;

import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelCatalog;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.Cost;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.catalog.Costs;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CostTest extends RouterTestSupport {
  private static final String V = "test";
  private static final ModelInfo PRICED = new ModelInfo("x", "m", List.of(), 100_000, 10_000,
      java.util.Set.of(), new Prices(new BigDecimal("3"), new BigDecimal("15"),
          new BigDecimal("0.30"), new BigDecimal("3.75"), new BigDecimal("20")));

  @Test
  void longArithmeticPath_equalsBigDecimalArithmetic_includingOverflowAndOddScales() {
    java.util.Random r = new java.util.Random(11);
    String[] prices = {"0", "0.15", "2.5", "0.075", "3.75", "60", "0.0000001", "1250",
        "0.123456789012", "0.1234567890123", "92233720368547758.07"};
    for (int i = 0; i < 3_000; i++) {
      Prices p = new Prices(new BigDecimal(prices[r.nextInt(prices.length)]),
          new BigDecimal(prices[r.nextInt(prices.length)]),
          r.nextBoolean() ? null : new BigDecimal(prices[r.nextInt(prices.length)]),
          r.nextBoolean() ? null : new BigDecimal(prices[r.nextInt(prices.length)]),
          r.nextBoolean() ? null : new BigDecimal(prices[r.nextInt(prices.length)]));
      long in = r.nextInt(4) == 0 ? Long.MAX_VALUE / 3 : r.nextInt(2_000_000);
      long out = r.nextInt(100_000);
      long cached = r.nextInt((int) Math.min(in, 1_000_000) + 1);
      long reasoning = r.nextInt((int) out + 1);
      Usage u = new Usage(in, out, cached, 0, reasoning);
      ModelInfo info = new ModelInfo("x", "m", List.of(), 100_000, 10_000, java.util.Set.of(), p);
      BigDecimal expected = p.input().multiply(BigDecimal.valueOf(in - cached))
          .add(p.cachedInputOrInput().multiply(BigDecimal.valueOf(cached)))
          .add(p.output().multiply(BigDecimal.valueOf(out - reasoning)))
          .add(p.reasoningOrOutput().multiply(BigDecimal.valueOf(reasoning)))
          .movePointLeft(6);
      BigDecimal actual = Costs.of(u, info, V).usd().orElseThrow();
      assertThat(actual).as("case %d: %s %s", i, p, u).isEqualByComparingTo(expected);
      assertThat(actual).isEqualTo(actual.signum() == 0 ? BigDecimal.ZERO
          : expected.stripTrailingZeros());
    }
  }

  @Test
  void eachTokenKind_isPricedExactlyOnce() {
    // 10,000 input of which 6,000 cached reads and 1,000 cache writes; 2,000 output of which
    // 500 reasoning. Prices per million: input 3, cached 0.30, cache write 3.75, output 15,
    // reasoning 20.
    Cost c = Costs.of(new Usage(10_000, 2_000, 6_000, 1_000, 500), PRICED, V);
    BigDecimal expected = new BigDecimal("3000").multiply(new BigDecimal("3"))     // plain input
        .add(new BigDecimal("6000").multiply(new BigDecimal("0.30")))              // cached
        .add(new BigDecimal("1000").multiply(new BigDecimal("3.75")))              // writes
        .add(new BigDecimal("1500").multiply(new BigDecimal("15")))                // output
        .add(new BigDecimal("500").multiply(new BigDecimal("20")))                 // reasoning
        .movePointLeft(6);
    assertThat(expected).isEqualByComparingTo("0.04705");
    assertThat(c.usd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    assertThat(c.catalogVersion()).isEqualTo(V);
    assertThat(c.estimated()).isFalse();
  }

  @Test
  void cachedTokens_areNotAlsoChargedAsInput() {
    Cost allCached = Costs.of(new Usage(1_000_000, 0, 1_000_000, 0, 0), PRICED, V);
    assertThat(allCached.usd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.3"));
  }

  @Test
  void missingPrices_fallBackToTheDocumentedOnes() {
    ModelInfo plain = new ModelInfo("x", "m", List.of(), 1000, 1000, java.util.Set.of(),
        Prices.of("2", "8"));
    Cost c = Costs.of(new Usage(1_000_000, 1_000_000, 500_000, 0, 250_000), plain, V);
    assertThat(c.usd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("10"));
  }

  @Test
  void unknownPrice_isUnknownNotZero_andWarnedOncePerModel() {
    LogCapture.clear();
    assertThat(Costs.of(Usage.of(100, 100), null, "openai", "mystery-1", V, false))
        .isEqualTo(Cost.unknown());
    Costs.of(Usage.of(100, 100), null, "openai", "mystery-1", V, false);
    assertThat(Cost.unknown().usd()).isEmpty();
    assertThat(LogCapture.lines()).filteredOn(l -> l.level() == Level.WARN
        && l.message().contains("mystery-1")).hasSize(1);
  }

  @Test
  void bundledCatalog_matchesItsLiteLlmSourceForEveryModelWeShip() throws IOException {
    JsonNode rows;
    try (InputStream in = getClass().getResourceAsStream("/litellm-reference-subset.json")) {
      rows = new ObjectMapper().readTree(in).get("rows");
    }
    JsonNode catalog;
    try (InputStream in = ModelCatalog.class.getResourceAsStream("catalog.json")) {
      catalog = new ObjectMapper().readTree(in).get("models");
    }
    assertThat(catalog.size()).isEqualTo(ModelCatalog.bundled().models().size()).isEqualTo(73);
    for (JsonNode m : catalog) {
      JsonNode ref = rows.get(m.get("source").asText());
      assertThat(ref).as("LiteLLM row for %s", m.get("model")).isNotNull();
      ModelInfo info = ModelCatalog.bundled().find(m.get("provider").asText(),
          m.get("model").asText()).orElseThrow();
      String what = info.provider() + "/" + info.model();
      assertThat(info.contextWindow()).as(what).isEqualTo(ref.get("max_input_tokens").asLong());
      boolean embedding = ref.path("mode").asText().equals("embedding");
      // An embedding model generates nothing: no output cap, and a missing output price is $0.
      assertThat(info.maxOutputTokens()).as(what).isEqualTo(embedding ? ModelInfo.UNKNOWN
          : ref.get("max_output_tokens").asLong());
      assertThat(info.prices().input()).as(what).isEqualByComparingTo(
          perMillion(ref.get("input_cost_per_token")));
      assertThat(info.prices().output()).as(what).isEqualByComparingTo(
          embedding && !ref.hasNonNull("output_cost_per_token") ? java.math.BigDecimal.ZERO
              : perMillion(ref.get("output_cost_per_token")));
      if (ref.hasNonNull("cache_read_input_token_cost")) {
        assertThat(info.prices().cachedInput()).as(what).isEqualByComparingTo(
            perMillion(ref.get("cache_read_input_token_cost")));
      }
      if (ref.hasNonNull("cache_creation_input_token_cost")) {
        assertThat(info.prices().cacheWrite()).as(what).isEqualByComparingTo(
            perMillion(ref.get("cache_creation_input_token_cost")));
      }
      assertThat(info.has(Capability.VISION)).as(what)
          .isEqualTo(ref.path("supports_vision").asBoolean(false));
      assertThat(info.has(Capability.TOOLS)).as(what)
          .isEqualTo(ref.path("supports_function_calling").asBoolean(false));
    }
  }

  private static BigDecimal perMillion(JsonNode perToken) {
    return new BigDecimal(perToken.asText()).movePointRight(6);
  }

  @Test
  void cancelledStream_isChargedForReportedTokens_orAnEstimateMarkedEstimated() {
    ProviderStubServer s = server();
    // Reported: a usage chunk arrives before the caller closes.
    s.enqueue(io.vectornode.testing.StubReply.sse(List.of(
        OpenAiStubs.chunk("{\"content\":\"Hel\"}", null),
        OpenAiStubs.usageChunk(OpenAiStubs.usage(1000, 10, 0, 0)),
        OpenAiStubs.chunk("{\"content\":\"lo\"}", null))).keepAliveAfterEvents(3));
    // Not reported: the caller closes after the first delta.
    s.enqueue(OpenAiStubs.stream("Hello ", "world").keepAliveAfterEvents(2));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini"));
    ChatRequest r = ChatRequest.builder().model("m").user("x".repeat(400)).build();
    try (ChatStream st = c.stream(r)) {
      var it = st.iterator();
      it.next();
      it.next();
    }
    try (ChatStream st = c.stream(r)) {
      st.iterator().next();
    }
    var reported = listener.ends().get(0);
    assertThat(reported.outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(reported.usage()).isEqualTo(Usage.of(1000, 10));
    assertThat(reported.cost().estimated()).isFalse();
    assertThat(reported.cost().usd()).hasValueSatisfying(v ->
        assertThat(v).isEqualByComparingTo("0.000156")); // 1000 x 0.15 + 10 x 0.60 per million
    var estimated = listener.ends().get(1);
    assertThat(estimated.usage().inputTokens()).isGreaterThanOrEqualTo(100);
    assertThat(estimated.cost().estimated()).isTrue();
    assertThat(estimated.cost().usd()).isPresent();
  }
}
