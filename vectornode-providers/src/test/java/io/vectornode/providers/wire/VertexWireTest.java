package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.testing.AnthropicStubs;
import io.vectornode.testing.GeminiStubs;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import io.vectornode.testing.VertexStubs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code vertex-ai} client end to end on a stub that plays both the token endpoint and
 * Vertex: tokens minted, reused and refreshed across calls, a 401 dropping the token, URLs for
 * regions and {@code global}, Claude's body, config errors, and the canary: no private key,
 * refresh token or access token in any message, log, event or {@code toString}.
 */
class VertexWireTest {
  private ProviderStubServer server;
  private ManualTime time;
  private RecordingModelCallListener listener;
  private ProviderContext context;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    time = ManualTime.create();
    listener = new RecordingModelCallListener();
    context = ProviderContext.builder().ticker(time).clock(time.clock()).listener(listener)
        .build();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ProviderConfig.Builder serviceAccount() {
    return ProviderConfig.builder("vertex").type("vertex-ai").baseUrl(server.rootUrl())
        .option("location", VertexStubs.LOCATION).option("project", VertexStubs.PROJECT)
        .option("credentials", GoogleTestCredentials.serviceAccountJson(null))
        .option("tokenUrl", server.rootUrl() + "token");
  }

  private ModelClient client(ProviderConfig config) {
    // Through the registry (META-INF/services); the config names its credentials and project,
    // so the process environment is not read.
    return ProviderRegistry.load().create(config, context);
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("Hi").build();
  }

  @Test
  void tokens_areMintedOnce_reused_andRefreshedBeforeExpiry() {
    ModelClient client = client(serviceAccount().build());
    server.enqueue(VertexStubs.token("ya29.first-token-0001", 3599));
    server.enqueue(GeminiStubs.response("one"));
    server.enqueue(AnthropicStubs.message("two"));
    assertThat(client.chat(ask("gemini-2.5-flash")).text()).isEqualTo("one");
    time.advance(Duration.ofMinutes(50));
    assertThat(client.chat(ask("claude-sonnet-4-5@20250929")).text()).isEqualTo("two");
    assertThat(server.takeRequest().path()).isEqualTo("/token");
    RecordedCall gemini = server.takeRequest();
    assertThat(gemini.path()).isEqualTo(VertexStubs.path("google", "gemini-2.5-flash",
        "generateContent"));
    assertThat(gemini.header("authorization")).contains("Bearer ya29.first-token-0001");
    RecordedCall claude = server.takeRequest();
    assertThat(claude.path()).isEqualTo(VertexStubs.path("anthropic",
        "claude-sonnet-4-5@20250929", "rawPredict"));
    assertThat(claude.header("authorization")).contains("Bearer ya29.first-token-0001");

    time.advance(Duration.ofMinutes(5)); // 55 min: within five minutes of expiry
    server.enqueue(VertexStubs.token("ya29.second-token-0002", 3599));
    server.enqueue(GeminiStubs.response("three"));
    assertThat(client.chat(ask("gemini-2.5-flash")).text()).isEqualTo("three");
    assertThat(server.takeRequest().path()).isEqualTo("/token");
    assertThat(server.takeRequest().header("authorization"))
        .contains("Bearer ya29.second-token-0002");
    assertThat(server.requestCount()).isEqualTo(5);
  }

  @Test
  void unauthorizedFromVertex_dropsTheToken_soTheNextCallMintsANewOne() {
    ModelClient client = client(serviceAccount().build());
    server.enqueue(VertexStubs.token("ya29.revoked-token-01", 3599));
    server.enqueue(GeminiStubs.response("ok"));
    client.chat(ask("gemini-2.5-flash"));
    time.advance(Duration.ofMinutes(20));
    server.enqueue(VertexStubs.unauthenticated());
    Throwable t = catchThrowable(() -> client.chat(ask("gemini-2.5-flash")));
    assertThat(t).isInstanceOf(AuthenticationException.class);
    server.enqueue(VertexStubs.token("ya29.fresh-token-0002", 3599));
    server.enqueue(GeminiStubs.response("again"));
    assertThat(client.chat(ask("gemini-2.5-flash")).text()).isEqualTo("again");
    for (int i = 0; i < 4; i++) {
      server.takeRequest();
    }
    assertThat(server.takeRequest().header("authorization"))
        .contains("Bearer ya29.fresh-token-0002");
  }

  @Test
  void tokenEndpointRefusal_failsTheCallTyped_withoutCallingVertex() {
    ModelClient client = client(serviceAccount().build());
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "Invalid JWT Signature."));
    Throwable t = catchThrowable(() -> client.chat(ask("gemini-2.5-flash")));
    assertThat(t).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Invalid JWT Signature");
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(listener.singleEnd().error()).isNotNull();
  }

  @Test
  void streams_useTheStreamMethods() {
    ModelClient client = client(serviceAccount().build());
    server.enqueue(VertexStubs.token("ya29.stream-token-001", 3599));
    server.enqueue(GeminiStubs.stream("a", "b"));
    server.enqueue(AnthropicStubs.stream("c", "d"));
    try (ChatStream s = client.stream(ask("gemini-2.5-flash"))) {
      s.forEach(e -> { });
    }
    try (ChatStream s = client.stream(ask("anthropic/claude-3-5-haiku@20241022"))) {
      s.forEach(e -> { });
    }
    server.takeRequest();
    assertThat(server.takeRequest().path()).isEqualTo(VertexStubs.path("google",
        "gemini-2.5-flash", "streamGenerateContent") + "?alt=sse");
    RecordedCall claude = server.takeRequest();
    assertThat(claude.path()).isEqualTo(VertexStubs.path("anthropic",
        "claude-3-5-haiku@20241022", "streamRawPredict"));
    assertThat(claude.body()).startsWith("{\"anthropic_version\":\"vertex-2023-10-16\"")
        .contains("\"stream\":true").doesNotContain("\"model\"");
  }

  @Test
  void urls_regionalAndGlobal() {
    VertexWire regional = VertexClients.wire(ProviderConfig.builder("v").type("vertex-ai")
        .apiKey("ya29.static-token-123").option("project", "acme-prod")
        .option("location", "europe-west4").build(), context, GoogleTestCredentials.env(Map.of()));
    assertThat(regional.httpRequest(ask("gemini-2.5-pro"), "gemini-2.5-pro", false).url()
        .toString()).isEqualTo("https://europe-west4-aiplatform.googleapis.com/v1/projects/"
            + "acme-prod/locations/europe-west4/publishers/google/models/"
            + "gemini-2.5-pro:generateContent");
    VertexWire global = VertexClients.wire(ProviderConfig.builder("v").type("vertex-ai")
        .apiKey("ya29.static-token-123").option("project", "acme-prod")
        .option("location", "global").build(), context, GoogleTestCredentials.env(Map.of()));
    Request r = global.httpRequest(ask("claude-opus-4-1@20250805"), "claude-opus-4-1@20250805",
        true);
    assertThat(r.url().toString()).isEqualTo("https://aiplatform.googleapis.com/v1/projects/"
        + "acme-prod/locations/global/publishers/anthropic/models/"
        + "claude-opus-4-1@20250805:streamRawPredict");
    assertThat(r.header("Authorization")).isEqualTo("Bearer ya29.static-token-123");
    assertThat(r.header("x-api-key")).isNull();
    assertThat(r.header("anthropic-version")).isNull();
  }

  @Test
  void userCredentials_sendTheirQuotaProject() {
    ModelClient client = client(serviceAccount()
        .option("credentials", GoogleTestCredentials.authorizedUserJson()).build());
    server.enqueue(VertexStubs.token("ya29.user-token-0001", 3599));
    server.enqueue(GeminiStubs.response("ok"));
    client.chat(ask("gemini-2.5-flash"));
    server.takeRequest();
    assertThat(server.takeRequest().header("x-goog-user-project")).contains("vn-quota-project");
  }

  @Test
  void publisher_comesFromTheModelName_orAnExplicitPrefix() {
    assertThat(VertexWire.target("gemini-2.0-flash"))
        .isEqualTo(new VertexWire.Target(VertexWire.Publisher.GOOGLE, "gemini-2.0-flash"));
    assertThat(VertexWire.target("claude-3-5-haiku@20241022").publisher())
        .isEqualTo(VertexWire.Publisher.ANTHROPIC);
    assertThat(VertexWire.target("google/my-tuned-gemini"))
        .isEqualTo(new VertexWire.Target(VertexWire.Publisher.GOOGLE, "my-tuned-gemini"));
    assertThat(VertexWire.target("publishers/anthropic/models/claude-x").model())
        .isEqualTo("claude-x");
    assertThat(catchThrowable(() -> VertexWire.target("llama-3.1-405b")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot tell who publishes 'llama-3.1-405b'");
    assertThat(catchThrowable(() -> VertexWire.target("meta/llama-3.1-405b")))
        .hasMessageContaining("not 'meta'");
    assertThat(catchThrowable(() -> VertexWire.target("gemini-2.5-pro:evil?x=1")))
        .hasMessageContaining("is not a Vertex AI model id");
  }

  @Test
  void vertexBody_putsTheVersionFirst_dropsTheModel_keepsEverythingElse() throws Exception {
    byte[] in = ("{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"model\"}]}],\"stream\":true}")
        .getBytes(StandardCharsets.UTF_8);
    JsonNode out = Json.MAPPER.readTree(VertexWire.vertexBody(in, "vertex-2023-10-16"));
    assertThat(out.fieldNames()).toIterable().containsExactly("anthropic_version", "max_tokens",
        "messages", "stream");
    assertThat(out.path("messages").get(0).path("content").get(0).path("text").asText())
        .isEqualTo("model");
  }

  @Test
  void configErrors_nameTheField() {
    java.util.function.Function<ProviderConfig.Builder, Throwable> create = b -> catchThrowable(
        () -> VertexClients.wire(b.build(), context, GoogleTestCredentials.env(Map.of())));
    ProviderConfig base = ProviderConfig.builder("v").type("vertex-ai")
        .apiKey("ya29.static-token-123").build();
    assertThat(create.apply(base.toBuilder().option("location", "us-central1")))
        .hasMessageStartingWith("providers.v.options.project: is required");
    assertThat(create.apply(base.toBuilder().option("project", "p-1")))
        .hasMessageStartingWith("providers.v.options.location: is required");
    assertThat(create.apply(base.toBuilder().option("project", "p-1")
        .option("location", "US Central")))
        .hasMessage("providers.v.options.location: is not a Vertex AI location (a region such as"
            + " us-central1, or global), was 'US Central'");
    assertThat(create.apply(base.toBuilder().option("project", "p-1").option("location", "global")
        .option("region", "x"))).hasMessageStartingWith("providers.v.options.region: unknown");
    assertThat(create.apply(base.toBuilder().option("project", "p-1").option("location", "global")
        .option("credentialsFile", "/x.json")))
        .hasMessageStartingWith("providers.v.apiKey: is an access token");
    // The project may come from the key file, or from GOOGLE_CLOUD_PROJECT.
    VertexWire fromKey = VertexClients.wire(serviceAccount().build(), context,
        GoogleTestCredentials.env(Map.of()));
    assertThat(fromKey.toString()).contains("/projects/" + VertexStubs.PROJECT + "/");
    VertexWire fromEnv = VertexClients.wire(base.toBuilder().option("location", "global").build(),
        context, GoogleTestCredentials.env(Map.of("GOOGLE_CLOUD_PROJECT", "env-project")));
    assertThat(fromEnv.toString()).contains("/projects/env-project/");
  }

  @Test
  void canary_noKeyRefreshTokenOrAccessToken_inMessagesLogsEventsOrToStrings() {
    String access = GoogleTestCredentials.ACCESS_TOKEN;
    ProviderConfig config = serviceAccount().build();
    ModelClient client = client(config);
    StringBuilder seen = new StringBuilder();

    // A token endpoint that echoes the key back.
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "bad key "
        + GoogleTestCredentials.keyLine()));
    seen.append(trace(catchThrowable(() -> client.chat(ask("gemini-2.5-flash")))));
    // Vertex echoing the minted access token, bare and as a bearer, in errors and ids.
    server.enqueue(VertexStubs.token(access, 3599));
    server.enqueue(GeminiStubs.error(400, "INVALID_ARGUMENT", "token " + access + " / Bearer "
        + access, null));
    seen.append(trace(catchThrowable(() -> client.chat(ask("gemini-2.5-flash")))));
    server.enqueue(AnthropicStubs.error(500, "api_error", "echo " + access));
    seen.append(trace(catchThrowable(() -> client.chat(ask("claude-sonnet-4-5@20250929")))));
    server.enqueue(StubReply.body(200, "text/plain", "not json " + access));
    seen.append(trace(catchThrowable(() -> client.chat(ask("gemini-2.5-flash")))));
    server.enqueue(StubReply.json(200, GeminiStubs.response("ok").body()
        .replace(GeminiStubs.ID, access)));
    seen.append(client.chat(ask("gemini-2.5-flash")).id());

    // User credentials: the refresh token and client secret echoed by the endpoint.
    ModelClient user = client(serviceAccount()
        .option("credentials", GoogleTestCredentials.authorizedUserJson()).build());
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "Token has been expired or"
        + " revoked: " + GoogleTestCredentials.REFRESH_TOKEN + " for "
        + GoogleTestCredentials.CLIENT_SECRET));
    seen.append(trace(catchThrowable(() -> user.chat(ask("gemini-2.5-flash")))));

    seen.append(LogCapture.text()).append(listener.dump()).append(client).append(user)
        .append(config).append(context);
    assertThat(seen.toString()).contains("[REDACTED]")
        .doesNotContain(access).doesNotContain(access.substring(0, 24))
        .doesNotContain(GoogleTestCredentials.keyLine())
        .doesNotContain(GoogleTestCredentials.REFRESH_TOKEN)
        .doesNotContain(GoogleTestCredentials.CLIENT_SECRET);
  }

  private static String trace(Throwable t) {
    assertThat(t).isNotNull();
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw.toString();
  }

  @Test
  void wireToString_neverShowsACredentialInTheBaseUrl() {
    String canary = "gw-canary-secret-7f3a9c";
    VertexWire wire = VertexClients.wire(serviceAccount()
        .baseUrl("https://gateway.example.com/vertex?key=" + canary).build(),
        context, GoogleTestCredentials.env(java.util.Map.of()));
    assertThat(wire.toString()).doesNotContain(canary).contains("gateway.example.com");
  }
}
