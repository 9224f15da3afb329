package io.vectornode.routing;

import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.usage.LedgerReader;
import io.vectornode.usage.UsageLedger;
import io.vectornode.usage.UsageMeter;
import io.vectornode.usage.UsageSnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.KeyDisabledEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Keys, secrets, logs, the ledger, the meter and hot reload. */
class OperationsTest extends RouterTestSupport {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void keyPool_cooldownOn429_disableOn401_withEventAndErrorLog() {
    ProviderStubServer s = server();
    List<KeyDisabledEvent> disabled = new CopyOnWriteArrayList<>();
    ModelClient c = build(builder()
        .provider(io.vectornode.spi.ProviderConfig.builder("p").type("openai")
            .baseUrl(s.baseUrl()).build())
        .keys("p", List.of(ApiKey.of("sk-key-one-0123456789"), ApiKey.of("sk-key-two-0123456789")))
        .model("m", "p", "gpt-4o-mini").defaultModel("m")
        .listener(new ModelCallListener() {
          @Override
          public void onKeyDisabled(KeyDisabledEvent e) {
            disabled.add(e);
          }
        }));
    String one = io.vectornode.Secret.of("sk-key-one-0123456789").id();
    String two = io.vectornode.Secret.of("sk-key-two-0123456789").id();
    // Whichever key goes first gets a 429 (cooling it for 30 s), so the retry uses the other.
    s.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(30)));
    s.enqueue(OpenAiStubs.chat("served by the other key"));
    assertThat(c.chat("m", "hi").text()).isEqualTo("served by the other key");
    var attempts = listener.singleEnd().attempts();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).keyId()).isNotEqualTo(attempts.get(1).keyId());
    String cooled = attempts.get(0).keyId();
    String other = cooled.equals(one) ? two : one;
    String otherSecret = cooled.equals(one) ? "sk-key-two-0123456789" : "sk-key-one-0123456789";
    s.takeRequest();
    assertThat(s.takeRequest().header("Authorization")).contains("Bearer " + otherSecret);

    // While the first key cools down, every call uses the other; a 401 disables it.
    s.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", "revoked"));
    Throwable t = catchThrowable(() -> c.chat("m", "hi"));
    assertThat(t).isInstanceOf(io.vectornode.error.AuthenticationException.class);
    assertThat(disabled).singleElement().satisfies(e -> {
      assertThat(e.keyId()).isEqualTo(other);
      assertThat(e.status()).isEqualTo(401);
    });
    assertThat(LogCapture.lines()).anySatisfy(l -> {
      assertThat(l.level()).isEqualTo(Level.ERROR);
      assertThat(l.message()).contains(other).contains("disabled").doesNotContain("sk-key");
    });
    // No usable key until the cooldown ends; then the cooled key serves again.
    assertThat(catchThrowable(() -> c.chat("m", "hi"))).hasMessageContaining("no usable key");
    time.advance(Duration.ofSeconds(31));
    s.enqueue(OpenAiStubs.chat("back"));
    assertThat(c.chat("m", "hi").text()).isEqualTo("back");
    s.takeRequest();
    assertThat(s.takeRequest().header("Authorization")).isPresent().get().asString()
        .doesNotContain(otherSecret);
  }

  @Test
  void secretReferences_envSyspropFileAndResolver_andTheirErrors() throws IOException {
    ProviderStubServer s = server();
    write("key.txt", "sk-from-file-0123456789\n");
    System.setProperty("vectornode.test.key", "sk-from-sysprop-0123456789");
    try {
      Path f = write("c.yaml", """
          providers:
            a: { type: openai, apiKey: '${env:A_KEY}', baseUrl: %1$s }
            b: { type: openai, apiKey: '${sysprop:vectornode.test.key}', baseUrl: %1$s }
            c: { type: openai, apiKey: '${file:key.txt}', baseUrl: %1$s }
            d: { type: openai, apiKey: '${vault:secret/openai#key}', baseUrl: %1$s }
          """.formatted(s.baseUrl()));
      try (ModelClient c = VectorNode.fromConfig(f, Map.of("A_KEY", "sk-from-env-0123456789")::get)) {
        for (String p : List.of("a", "b", "c", "d")) {
          s.enqueue(OpenAiStubs.chat("ok"));
          c.chat(p + "/gpt-4o-mini", "hi");
        }
      }
      assertThat(List.of(s.takeRequest(), s.takeRequest(), s.takeRequest(), s.takeRequest()))
          .extracting(r -> r.header("Authorization").orElseThrow())
          .containsExactly("Bearer sk-from-env-0123456789", "Bearer sk-from-sysprop-0123456789",
              "Bearer sk-from-file-0123456789", "Bearer sk-from-vault-0123456789");
    } finally {
      System.clearProperty("vectornode.test.key");
    }
    Path missingEnv = write("e.yaml", "providers:\n  openai:\n    apiKey: ${env:NOPE_KEY}\n");
    assertThatThrownBy(() -> VectorNode.fromConfig(missingEnv, Map.<String, String>of()::get))
        .hasMessageContaining("e.yaml:3:5: providers.openai.apiKey")
        .hasMessageContaining("environment variable NOPE_KEY");
    Path missingFile = write("f.yaml", "providers:\n  openai:\n    apiKey: ${file:nope.txt}\n");
    assertThatThrownBy(() -> VectorNode.fromConfig(missingFile, Map.<String, String>of()::get))
        .hasMessageContaining("${file:nope.txt} cannot be read");
    Path unknown = write("g.yaml", "providers:\n  openai:\n    apiKey: ${aws:thing}\n");
    assertThatThrownBy(() -> VectorNode.fromConfig(unknown, Map.<String, String>of()::get))
        .hasMessageContaining("unknown reference scheme 'aws'").hasMessageContaining("[vault]");
  }

  @Test
  void configErrors_nameFileLineColumnAndSuggestTheIntendedKey() throws IOException {
    Path f = write("typo.yaml", """
        providers:
          openai:
            apiKey: sk-123456789
            baseurl: https://example.com/v1
        """);
    assertThatThrownBy(() -> VectorNode.fromConfig(f, Map.<String, String>of()::get))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("typo.yaml:4:5: providers.openai.baseurl")
        .hasMessageContaining("did you mean 'baseUrl'?");
    Path g = write("routes.yaml", """
        providers: { a: { type: fake } }
        models: { m: { provider: a, model: x } }
        routes:
          r:
            strategy: fallback
            targets: [m, { model: m, wieght: 2 }]
        """);
    assertThatThrownBy(() -> VectorNode.fromConfig(g, Map.<String, String>of()::get))
        .hasMessageContaining("routes.yaml:6:").hasMessageContaining("routes.r.targets[1].wieght")
        .hasMessageContaining("did you mean 'weight'?");
  }

  @Test
  void callLogLine_mdcAndNoPromptText() {
    ProviderStubServer s = server();
    List<String> mdcSeen = new CopyOnWriteArrayList<>();
    s.enqueue(OpenAiStubs.chat("secret answer text", 12, 3, 0, 0));
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .listener(new ModelCallListener() {
          @Override
          public void onAttempt(io.vectornode.AttemptEvent e) {
            mdcSeen.add(org.slf4j.MDC.get("vectornode.requestId"));
          }
        }));
    c.chat(ChatRequest.builder().model("m").user("my private prompt").task(null)
        .tag("team", "search").build());
    String id = listener.singleEnd().requestId();
    assertThat(mdcSeen).containsExactly(id);
    assertThat(org.slf4j.MDC.get("vectornode.requestId")).isNull();
    var line = LogCapture.lines().stream().filter(l -> l.logger().equals("io.vectornode.calls")
        && l.level() == Level.INFO).findFirst().orElseThrow();
    assertThat(line.message()).contains("requestId=" + id).contains("outcome=SUCCESS")
        .contains("deployment=m").contains("in=12").contains("out=3")
        .contains("tags={team=search}").contains("costUsd=0.0000036");
    assertThat(LogCapture.lines()).anySatisfy(l ->
        assertThat(l.level() == Level.DEBUG && l.message().startsWith("attempt ")).isTrue());
    assertThat(LogCapture.text()).doesNotContain("my private prompt")
        .doesNotContain("secret answer text");
  }

  @Test
  void mdc_carriesTheCallsIdAndTask_duringEachCall_andRestoresTheCallersValuesAfter() {
    // The test class path's SLF4J provider (LogCapture) keeps an MDC: the router must use it.
    assertThat(org.slf4j.MDC.getMDCAdapter())
        .isNotInstanceOf(org.slf4j.helpers.NOPMDCAdapter.class);
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("one", 1, 1, 0, 0));
    s.enqueue(OpenAiStubs.chat("two", 1, 1, 0, 0));
    List<String> seen = new CopyOnWriteArrayList<>();
    ModelClient c = build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .route(Route.fallback("r", "m"))
        .listener(new ModelCallListener() {
          @Override
          public void onAttempt(io.vectornode.AttemptEvent e) {
            seen.add(org.slf4j.MDC.get("vectornode.requestId") + "|"
                + org.slf4j.MDC.get("vectornode.task"));
          }
        }));
    org.slf4j.MDC.put("vectornode.requestId", "outer-id");
    org.slf4j.MDC.put("vectornode.task", "outer-task");
    try {
      c.chat(ChatRequest.builder().task("r").user("hi").build());
      String first = listener.ends().get(0).requestId();
      assertThat(org.slf4j.MDC.get("vectornode.requestId")).isEqualTo("outer-id");
      assertThat(org.slf4j.MDC.get("vectornode.task")).isEqualTo("outer-task");
      c.chat(ChatRequest.builder().model("m").user("hi").build()); // no task: none in the MDC
      String second = listener.ends().get(1).requestId();
      assertThat(seen).containsExactly(first + "|r", second + "|null");
      assertThat(org.slf4j.MDC.get("vectornode.requestId")).isEqualTo("outer-id");
      assertThat(org.slf4j.MDC.get("vectornode.task")).isEqualTo("outer-task");
    } finally {
      org.slf4j.MDC.remove("vectornode.requestId");
      org.slf4j.MDC.remove("vectornode.task");
    }
  }

  @Test
  void ledger_recordsEachCallOnce_survivesATruncatedLastLine_andRotatesDaily() throws Exception {
    Path ledgerDir = dir.resolve("usage");
    Files.createDirectories(ledgerDir);
    LocalDate today = LocalDate.ofInstant(time.clock().instant(), ZoneOffset.UTC);
    // A previous process crashed mid-write.
    Files.writeString(UsageLedger.file(ledgerDir, today),
        "{\"ts\":\"2026-01-01T00:00:00Z\",\"requestId\":\"vn-old\",\"outcome\":\"SUCCESS\"}\n"
            + "{\"ts\":\"2026-01-01T00:00:01Z\",\"requestId\":\"vn-cut\",\"usa");
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.chat("a", 10, 2, 0, 0));
    s.enqueue(OpenAiStubs.chat("b", 20, 4, 0, 0));
    String canary = "sk-canary-LEDGER-0123456789abcdef";
    try (UsageLedger ledger = UsageLedger.open(ledgerDir, time.clock(), ZoneOffset.UTC)) {
      ModelClient c = build(builder().provider(io.vectornode.spi.ProviderConfig.builder("p")
          .type("openai").apiKey(canary).baseUrl(s.baseUrl()).build())
          .model("m", "p", "gpt-4o-mini").listener(ledger));
      c.chat(ChatRequest.builder().model("m").user("the prompt").tag("team", "t1").build());
      time.advance(Duration.ofDays(1));
      c.chat(ChatRequest.builder().model("m").user("the prompt").build());
    }
    String day1 = Files.readString(UsageLedger.file(ledgerDir, today), StandardCharsets.UTF_8);
    assertThat(day1.lines()).hasSize(3);
    assertThat(day1).doesNotContain(canary).doesNotContain("the prompt");
    JsonNode rec = new ObjectMapper().readTree(day1.lines().toList().get(2));
    assertThat(rec.get("tags").get("team").asText()).isEqualTo("t1");
    assertThat(rec.get("attempts").get(0).get("keyId").asText()).startsWith("key-");
    assertThat(rec.get("usage").get("input").asLong()).isEqualTo(10);
    assertThat(rec.get("cost").get("usd").asText()).isEqualTo("0.0000027");
    assertThat(Files.exists(UsageLedger.file(ledgerDir, today.plusDays(1)))).isTrue();
    LedgerReader.Result read = LedgerReader.read(ledgerDir, null);
    assertThat(read.skippedLines()).isEqualTo(1);
    assertThat(read.entries()).extracting(LedgerReader.Entry::requestId).hasSize(3)
        .contains("vn-old");
  }

  @Test
  void meter_sumsCostsExactlyFromManyThreads_evenBeyondPicodollars() throws Exception {
    var meter = UsageMeter.create(time.clock());
    String[] amounts = {"0.0000027", "0.000015", "1.5", "0.0000000000001", "92233720.368547758"};
    int threads = 8;
    int perThread = 2_000;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            java.math.BigDecimal usd = new java.math.BigDecimal(amounts[i % amounts.length]);
            io.vectornode.Cost cost = io.vectornode.Cost.of(usd, "v");
            io.vectornode.AttemptEvent a = new io.vectornode.AttemptEvent("vn-x", 1, "p", "m",
                "d", null, io.vectornode.CallOutcome.SUCCESS, null, io.vectornode.Usage.of(1, 1),
                cost, java.time.Duration.ofMillis(5), null, null);
            meter.onCallEnd(new io.vectornode.CallEndEvent("vn-x", null, Map.of(), "p", "m",
                io.vectornode.Usage.of(1, 1), cost, java.time.Duration.ofMillis(5), null,
                List.of(a), io.vectornode.CallOutcome.SUCCESS, null));
          }
        }));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    java.math.BigDecimal each = java.math.BigDecimal.ZERO;
    for (String a : amounts) {
      each = each.add(new java.math.BigDecimal(a));
    }
    java.math.BigDecimal expected = each.multiply(java.math.BigDecimal.valueOf(threads * perThread
        / amounts.length));
    assertThat(meter.snapshot().rows()).singleElement().satisfies(r -> {
      assertThat(r.calls()).isEqualTo(threads * perThread);
      assertThat(r.costUsd()).isEqualByComparingTo(expected);
    });
  }

  @Test
  void meter_aggregatesByAnyDimension_withPercentilesAndJson() {
    var meter = UsageMeter.create(time.clock());
    ModelClient c = build(builder().registry(io.vectornode.spi.ProviderRegistry.of(List.of(
        new io.vectornode.testing.FakeProvider())))
        .provider(io.vectornode.spi.ProviderConfig.builder("f").type("fake").build())
        .model("m1", "f", "one").model("m2", "f", "two").listener(meter));
    for (int i = 0; i < 10; i++) {
      c.chat(ChatRequest.builder().model(i < 7 ? "m1" : "m2").user("hello there")
          .tag("team", i % 2 == 0 ? "search" : "ads").build());
    }
    UsageSnapshot byTeam = meter.snapshot("team");
    assertThat(byTeam.rows()).hasSize(2);
    assertThat(byTeam.rows()).allSatisfy(r -> assertThat(r.calls()).isEqualTo(5));
    UsageSnapshot byDeployment = meter.snapshot("deployment");
    assertThat(byDeployment.rows()).extracting(r -> r.group().get("deployment") + "=" + r.calls())
        .containsExactlyInAnyOrder("m1=7", "m2=3");
    UsageSnapshot total = meter.snapshot();
    assertThat(total.rows()).singleElement().satisfies(r -> {
      assertThat(r.calls()).isEqualTo(10);
      assertThat(r.inputTokens()).isPositive();
      assertThat(r.unknownCostAttempts()).isEqualTo(10); // fake models have no price
      assertThat(r.costUsd()).isEqualByComparingTo("0");
    });
    assertThat(total.toJson()).contains("\"calls\":10").contains("\"unknownCostAttempts\":10");
    meter.reset();
    assertThat(meter.snapshot().rows()).isEmpty();
  }

  @Test
  void canary_neverInLogsLedgerOrEvents_acrossOperations() throws Exception {
    String canary = "sk-canary-OPS-abcdef0123456789";
    ProviderStubServer s = server();
    s.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: " + canary));
    Path ledgerDir = dir.resolve("ops");
    try (UsageLedger ledger = UsageLedger.open(ledgerDir, time.clock(), ZoneOffset.UTC)) {
      ModelClient c = build(builder().provider(io.vectornode.spi.ProviderConfig.builder("p")
          .type("openai").baseUrl(s.baseUrl()).build())
          .keys("p", List.of(ApiKey.of(canary))).model("m", "p", "gpt-4o").listener(ledger)
          .budget(Budget.of("b", BudgetScope.key(io.vectornode.Secret.of(canary).id()),
              Budget.Period.DAY, "10")));
      catchThrowable(() -> c.chat("m", "hi"));
      assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    }
    String everything = LogCapture.text() + listener.dump()
        + Files.readString(UsageLedger.file(ledgerDir,
            LocalDate.ofInstant(time.clock().instant(), ZoneOffset.UTC)));
    assertThat(everything).contains("[REDACTED]").doesNotContain(canary)
        .doesNotContain(canary.substring(0, 14));
  }
}
