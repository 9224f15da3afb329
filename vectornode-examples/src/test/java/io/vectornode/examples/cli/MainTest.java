package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  private ProviderStubServer server;
  private Path config;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server = ProviderStubServer.start();
    config = dir.resolve("vectornode.yaml");
    Files.writeString(config, """
        providers:
          openai:
            apiKey: sk-cli-test-123456
            baseUrl: %s
        """.formatted(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArguments_runsTheTourThroughEveryStep() {
    assertThat(run()).isZero();
    assertThat(out())
        .contains("== 1. A chat").contains("Hello from VectorNode, friend!")
        .contains("== 2. One request, three provider wire formats")
        .contains("Bonjour (via Chat Completions)").contains("Bonjour (via Messages)")
        .contains("Bonjour (via generateContent)").contains(AnthropicStubs.MODEL)
        .contains("== 3. A stream").contains("Streams arrive token by token")
        .contains("== 4. A tool call").contains("get_weather{\"city\":\"Lisbon\"}")
        .contains("== 5. A quota error").contains("RateLimitException (HTTP 429")
        .contains("quotaExceeded=true")
        .contains("== 6. Retries, then a fallback").contains("Served by the backup.")
        .contains("after 4 attempts").contains("retry in").contains("-> next deployment")
        .contains("== 7. A budget refusal").contains("BudgetExceededException")
        .contains("budget 'demo-daily' exceeded").contains("requests sent: 0")
        .contains("== 8. What the listener saw").contains("10 calls")
        .contains("== 9. The usage meter, by deployment").contains("fast")
        .doesNotContain("sk-demo-not-a-real-key");
  }

  @Test
  void chatJson_withLiteralKeyConfig_printsOneJsonObjectWithTheFields() throws IOException {
    Files.writeString(config, "providers:\n  openai:\n    apiKey: sk-cli-test-123456\n"
        + "    baseUrl: " + server.baseUrl() + "\n");
    server.enqueue(OpenAiStubs.chat("hello json", 5, 2, 0, 0));

    assertThat(run("chat", "--config", config.toString(), "--model", "openai/gpt-4o-mini",
        "--system", "be nice", "--temperature", "0.3", "--max-tokens", "50", "--json", "hi"))
        .isZero();

    assertThat(out().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("text").asText()).isEqualTo("hello json");
    assertThat(j.get("provider").asText()).isEqualTo("openai");
    assertThat(j.get("model").asText()).isEqualTo(OpenAiStubs.MODEL);
    assertThat(j.get("finishReason").asText()).isEqualTo("STOP");
    assertThat(j.get("usage").get("inputTokens").asLong()).isEqualTo(5);
    assertThat(j.get("usage").get("outputTokens").asLong()).isEqualTo(2);
    assertThat(j.get("cost").get("usd").asText()).isEqualTo("0.00000195");
    assertThat(j.get("cost").get("catalogVersion").asText()).startsWith("litellm-");
    assertThat(j.get("attempts").asInt()).isEqualTo(1);
    JsonNode sent = new ObjectMapper().readTree(server.takeRequest().body());
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(sent.get("messages").get(0).get("content").asText()).isEqualTo("be nice");
  }

  @Test
  void chatStreamJson_printsOneJsonLineAfterTheStream() throws IOException {
    Files.writeString(config, "providers:\n  openai:\n    apiKey: sk-cli-test-123456\n"
        + "    baseUrl: " + server.baseUrl() + "\n");
    server.enqueue(OpenAiStubs.stream("str", "eamed"));
    assertThat(run("chat", "--config", config.toString(), "--model", "openai/gpt-4o-mini",
        "--stream", "--json", "hi")).isZero();
    assertThat(out().lines()).hasSize(1);
    assertThat(new ObjectMapper().readTree(out()).get("text").asText()).isEqualTo("streamed");
  }

  @Test
  void chatStream_printsDeltasAndSummaryOnStderr() throws IOException {
    Files.writeString(config, "providers:\n  openai:\n    apiKey: sk-cli-test-123456\n"
        + "    baseUrl: " + server.baseUrl() + "\n");
    server.enqueue(OpenAiStubs.stream("a", "b", "c"));
    assertThat(run("chat", "--config", config.toString(), "--model", "openai/x", "--stream",
        "hi")).isZero();
    assertThat(out()).isEqualTo("abc" + System.lineSeparator());
    assertThat(err()).contains("3 out tokens");
  }

  @Test
  void chat_providerError_goesToStderrWithExitOne() throws IOException {
    Files.writeString(config, "providers:\n  openai:\n    apiKey: sk-cli-test-123456\n"
        + "    baseUrl: " + server.baseUrl() + "\n");
    server.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided: sk-cli-test-123456"));
    assertThat(run("chat", "--config", config.toString(), "--model", "openai/x", "--json", "hi"))
        .isEqualTo(1);
    // --json: the error as one JSON object on stdout too (CliFailureTest has the details)
    assertThat(out().lines()).hasSize(1);
    assertThat(out()).contains("\"error\":\"AuthenticationException\"")
        .doesNotContain("sk-cli-test-123456");
    assertThat(err()).contains("AuthenticationException").contains("401")
        .doesNotContain("sk-cli-test-123456");
  }

  @Test
  void chat_badConfig_failsNamingTheField() throws IOException {
    Files.writeString(config, "providers:\n  openai:\n    apikey: x\n");
    assertThat(run("chat", "--config", config.toString(), "--model", "openai/x", "hi"))
        .isEqualTo(1);
    assertThat(err()).contains("providers.openai.apikey").contains("unknown key");
  }

  @Test
  void chat_usageMistakes_exitTwo() {
    assertThat(run("chat")).isEqualTo(2);
    assertThat(err()).contains("PROMPT");
    assertThat(run("chat", "--frobnicate", "hi")).isEqualTo(2);
    assertThat(err()).contains("'--frobnicate'");
    assertThat(run("chat", "--config", config.toString(), "--temperature", "9", "hi"))
        .isEqualTo(2);
    assertThat(err()).contains("temperature").contains("was 9.0");
    assertThat(run("nonsense")).isEqualTo(2);
  }

  // The test class path has the fixtures' fake provider; the product's has not
  // (ProductClasspathTest).
  @Test
  void providers_listsEveryProviderOnTheClassPath() {
    assertThat(run("providers")).isZero();
    assertThat(out()).contains("openai ").contains("openai-compatible").contains("fake")
        .contains("anthropic").contains("gemini").contains("azure-openai").contains("groq")
        .contains("lmstudio")
        .contains("  openai  (io.vectornode.providers.openai.OpenAiProvider)")
        .contains("  groq  (preset of "
            + "io.vectornode.providers.openaicompatible.OpenAiCompatibleProvider)")
        .doesNotContain("skipped");
  }

  @Test
  void chatTaskJson_printsTheAttemptList() throws IOException {
    Files.writeString(config, """
        providers:
          openai: { apiKey: sk-cli-test-123456, baseUrl: %s }
        models:
          a: { provider: openai, model: gpt-4o }
          b: { provider: openai, model: gpt-4o-mini }
        routes:
          resilient: { strategy: fallback, targets: [a, b] }
        resilience: { maxAttempts: 2, backoff: { initial: 1ms, max: 2ms } }
        """.formatted(server.baseUrl()));
    server.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    server.enqueue(OpenAiStubs.error(503, "server_error", null, "down"));
    server.enqueue(OpenAiStubs.chat("from b"));
    assertThat(run("chat", "--config", config.toString(), "--task", "resilient", "--json", "hi"))
        .isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("text").asText()).isEqualTo("from b");
    assertThat(j.get("attempts").asInt()).isEqualTo(3);
    JsonNode list = j.get("attemptList");
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("deployment").asText()).isEqualTo("a");
    assertThat(list.get(0).get("outcome").asText()).isEqualTo("FAILURE");
    assertThat(list.get(0).get("error").asText()).isEqualTo("ServiceUnavailableException");
    assertThat(list.get(0).get("reason").asText()).startsWith("retry in");
    assertThat(list.get(1).get("reason").asText()).isEqualTo("attempts exhausted -> next deployment");
    assertThat(list.get(2).get("deployment").asText()).isEqualTo("b");
    assertThat(list.get(2).get("outcome").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void usage_readsALedgerAndGroupsIt() throws IOException {
    Path ledger = dir.resolve("ledger.jsonl");
    Files.writeString(ledger, String.join("\n",
        "{\"ts\":\"2026-11-20T10:00:00Z\",\"requestId\":\"vn-1\",\"tags\":{\"team\":"
            + "\"search\"},\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"outcome\":"
            + "\"SUCCESS\",\"latencyMs\":120,\"usage\":{\"input\":100,\"output\":20},"
            + "\"cost\":{\"known\":true,\"usd\":\"0.000027\"},\"attempts\":[{\"deployment\":"
            + "\"fast\"}]}",
        "{\"ts\":\"2026-11-21T10:00:00Z\",\"requestId\":\"vn-2\",\"tags\":{\"team\":"
            + "\"ads\"},\"provider\":\"local\",\"model\":\"llama\",\"outcome\":"
            + "\"FAILURE\",\"latencyMs\":900,\"usage\":{\"input\":50,\"output\":0},"
            + "\"cost\":{\"known\":false},\"attempts\":[{\"deployment\":\"local\"}]}",
        "{\"ts\":\"2026-11-21T11:00:00Z\",\"requestId\":\"vn-3\",\"tags\":{\"team\":"
            + "\"search\"},\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"outcome\":"
            + "\"SUCCESS\",\"latencyMs\":80,\"usage\":{\"input\":200,\"output\":40},"
            + "\"cost\":{\"known\":true,\"usd\":\"0.000054\"},\"attempts\":[{\"deployment\":"
            + "\"fast\"}]}",
        "{\"ts\":\"2026-11-21T12:00:00Z\",\"requestId\":\"vn-cut\",\"us"));
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "team")).isZero();
    assertThat(out()).contains("team").contains("search").contains("0.000081")
        .contains("(1 incomplete line(s) skipped)");
    out.reset();
    assertThat(run("usage", "--ledger", ledger.toString(), "--by", "model", "--since",
        "2026-11-21", "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out());
    assertThat(j.get("rows")).hasSize(2);
    assertThat(j.get("rows").findValuesAsText("group")).containsExactly("gpt-4o-mini", "llama");
    assertThat(j.get("rows").get(1).get("unknownCostCalls").asInt()).isEqualTo(1);
    assertThat(run("usage")).isEqualTo(2);
  }

  @Test
  void configCheck_validatesAndPrintsRoutes() throws IOException {
    Files.writeString(config, """
        providers:
          openai: { apiKey: sk-cli-test-123456, baseUrl: %s }
        models:
          a: { provider: openai, model: gpt-4o }
          b: { provider: openai, model: gpt-4o-mini }
        routes:
          main: { strategy: least-cost, targets: [a, b] }
        """.formatted(server.baseUrl()));
    assertThat(run("config", "check", config.toString())).isZero();
    assertThat(out()).contains(": OK").contains("route main: least_cost")
        .contains("a (openai/gpt-4o)").contains("b (openai/gpt-4o-mini)");
    Files.writeString(config, "providers:\n  openai:\n    apikey: x\n");
    assertThat(run("config", "check", config.toString())).isEqualTo(1);
    assertThat(err()).contains(":3:5: providers.openai.apikey").contains("did you mean 'apiKey'?");
  }
}
