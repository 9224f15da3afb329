package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatResponse;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNode;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.VertexStubs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code vertex-ai} instance from a config file: the service-account key read through a
 * {@code ${file:}} reference, one instance serving Gemini and Claude deployments, each priced
 * from the catalog's {@code vertex-ai} rows.
 */
class VertexConfigTest {
  @TempDir Path dir;
  private ProviderStubServer server;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String serviceAccountJson() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder()
        .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
        + "\\n-----END PRIVATE KEY-----\\n";
    return "{\"type\": \"service_account\", \"project_id\": \"" + VertexStubs.PROJECT + "\","
        + " \"private_key_id\": \"k1\", \"private_key\": \"" + pem + "\", \"client_email\":"
        + " \"vn@" + VertexStubs.PROJECT + ".iam.gserviceaccount.com\"}";
  }

  @Test
  void oneInstance_servesGeminiAndClaude_pricedFromTheVertexRows() throws Exception {
    Files.writeString(dir.resolve("sa.json"), serviceAccountJson());
    Path config = dir.resolve("vectornode.yaml");
    Files.writeString(config, "providers:\n"
        + "  vertex:\n"
        + "    type: vertex-ai\n"
        + "    baseUrl: " + server.rootUrl() + "\n"
        + "    options:\n"
        + "      location: " + VertexStubs.LOCATION + "\n"
        + "      credentials: ${file:sa.json}\n"
        + "      tokenUrl: " + server.rootUrl() + "token\n"
        + "models:\n"
        + "  claude: { provider: vertex, model: claude-sonnet-4-5@20250929 }\n"
        + "  flash: { provider: vertex, model: gemini-2.5-flash }\n");
    server.enqueue(VertexStubs.token("ya29.config-token-01", 3599));
    server.enqueue(AnthropicStubs.message("from claude", 1000, 100, 0, 0));
    server.enqueue(GeminiStubs.response("from gemini", 2000, 200, 0, 0));
    try (ModelClient client = VectorNode.fromConfig(config, Map.<String, String>of()::get)) {
      ChatResponse claude = client.chat("claude", "Hi");
      assertThat(claude.text()).isEqualTo("from claude");
      // 1000 x $3/M + 100 x $15/M
      assertThat(claude.cost().usd()).hasValueSatisfying(
          usd -> assertThat(usd).isEqualByComparingTo(new BigDecimal("0.0045")));
      ChatResponse gemini = client.chat("flash", "Hi");
      assertThat(gemini.text()).isEqualTo("from gemini");
      // 2000 x $0.30/M + 200 x $2.50/M
      assertThat(gemini.cost().usd()).hasValueSatisfying(
          usd -> assertThat(usd).isEqualByComparingTo(new BigDecimal("0.0011")));
    }
    assertThat(server.takeRequest().path()).isEqualTo("/token");
    assertThat(server.takeRequest().path()).isEqualTo(VertexStubs.path("anthropic",
        "claude-sonnet-4-5@20250929", "rawPredict"));
    assertThat(server.takeRequest().path()).isEqualTo(VertexStubs.path("google",
        "gemini-2.5-flash", "generateContent"));
  }

  @Test
  void anAccessTokenRefusedLater_isMintedAgainAndRetried_theDeploymentKeepsWorking()
      throws Exception {
    Files.writeString(dir.resolve("sa.json"), serviceAccountJson());
    String yaml = "providers:\n"
        + "  vertex:\n"
        + "    type: vertex-ai\n"
        + "    baseUrl: " + server.rootUrl() + "\n"
        + "    options:\n"
        + "      location: " + VertexStubs.LOCATION + "\n"
        + "      credentials: ${file:" + dir.resolve("sa.json") + "}\n"
        + "      tokenUrl: " + server.rootUrl() + "token\n"
        + "models:\n"
        + "  flash: { provider: vertex, model: gemini-2.5-flash }\n";
    io.vectornode.testing.ManualTime time = io.vectornode.testing.ManualTime.create();
    server.enqueue(VertexStubs.token("ya29.first-token-01", 3599));
    server.enqueue(GeminiStubs.response("one", 10, 2, 0, 0));
    server.enqueue(VertexStubs.unauthenticated()); // revoked early, 20 minutes later
    server.enqueue(VertexStubs.token("ya29.second-token-02", 3599));
    server.enqueue(GeminiStubs.response("two", 10, 2, 0, 0));
    server.enqueue(GeminiStubs.response("three", 10, 2, 0, 0));
    try (io.vectornode.routing.VectorNodeClient client = VectorNode.builderFromConfigText(
        "test", yaml, Map.<String, String>of()::get).ticker(time).clock(time.clock())
        .sleeper(time).build()) {
      assertThat(client.chat("flash", "Hi").text()).isEqualTo("one");
      time.advance(java.time.Duration.ofMinutes(20));
      ChatResponse two = client.chat("flash", "Hi");
      assertThat(two.text()).isEqualTo("two");
      assertThat(two.attempts()).isEqualTo(2);
      assertThat(client.chat("flash", "Hi").text()).isEqualTo("three");
      assertThat(client.deployments().get(0).keys()).isNotEmpty().allSatisfy(k ->
          assertThat(k.state()).isNotEqualTo(
              io.vectornode.routing.DeploymentHealth.KeyHealth.State.DISABLED));
    }
    java.util.List<String> auth = new java.util.ArrayList<>();
    java.util.List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      io.vectornode.testing.RecordedCall c = server.takeRequest();
      paths.add(c.path());
      auth.add(c.header("Authorization").orElse(""));
    }
    String gen = VertexStubs.path("google", "gemini-2.5-flash", "generateContent");
    assertThat(paths).containsExactly("/token", gen, gen, "/token", gen, gen);
    assertThat(auth.subList(1, 3)).containsOnly("Bearer ya29.first-token-01");
    assertThat(auth.subList(4, 6)).containsOnly("Bearer ya29.second-token-02");
  }
}
