package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import io.vectornode.testing.VertexStubs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service account's token: the signed assertion (checked with the key's public half), the
 * exchange, and every way the token endpoint can refuse, fail or lie.
 */
class GoogleServiceAccountTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private ProviderStubServer server;
  private ProviderContext context;
  private GoogleTokenSource source;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    ManualTime time = ManualTime.starting(NOW);
    context = ProviderContext.builder().ticker(time).clock(time.clock()).build();
    ProviderConfig config = ProviderConfig.builder("vertex").type("vertex-ai")
        .readTimeout(Duration.ofSeconds(5)).build();
    source = GoogleCredentials.parse(GoogleTestCredentials.serviceAccountJson(null),
        "options.credentials", GoogleTestCredentials.http(context, config),
        GoogleTestCredentials.tokenUrl(server)).source();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1),
          StandardCharsets.UTF_8));
    }
    return m;
  }

  private static JsonNode part(String b64) throws Exception {
    return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(b64));
  }

  @Test
  void mint_sendsAnRs256AssertionSignedWithTheKey_andReadsTheToken() throws Exception {
    server.enqueue(VertexStubs.token(GoogleTestCredentials.ACCESS_TOKEN, 3599));
    GoogleTokenSource.Minted m = source.mint();
    assertThat(m.token()).isEqualTo(GoogleTestCredentials.ACCESS_TOKEN);
    assertThat(m.lifetime()).isEqualTo(Duration.ofSeconds(3599));

    RecordedCall call = server.takeRequest();
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/token");
    assertThat(call.header("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/x-www-form-urlencoded"));
    Map<String, String> form = form(call.body());
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    assertThat(jwt).hasSize(3);

    JsonNode header = part(jwt[0]);
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("kid").asText()).isEqualTo(GoogleTestCredentials.KEY_ID);
    JsonNode claims = part(jwt[1]);
    assertThat(claims.path("iss").asText()).isEqualTo(GoogleTestCredentials.CLIENT_EMAIL);
    assertThat(claims.path("scope").asText())
        .isEqualTo("https://www.googleapis.com/auth/cloud-platform");
    assertThat(claims.path("aud").asText()).isEqualTo(server.rootUrl() + "token");
    assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);

    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(GoogleTestCredentials.KEY.getPublic());
    rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
  }

  @Test
  void invalidGrant_isAnAuthenticationError_withoutTheKeyOrAssertion_evenWhenEchoed() {
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "Invalid JWT Signature."
        + " key " + GoogleTestCredentials.keyLine() + " assertion ECHO"));
    Throwable t = catchThrowable(source::mint);
    assertThat(t).isInstanceOf(AuthenticationException.class);
    AuthenticationException e = (AuthenticationException) t;
    assertThat(e.retryable()).isFalse();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errorCode()).contains("invalid_grant");
    assertThat(e.getMessage()).contains("Invalid JWT Signature").contains("[REDACTED]")
        .contains("service account " + GoogleTestCredentials.CLIENT_EMAIL)
        .doesNotContain(GoogleTestCredentials.keyLine());
  }

  @Test
  void assertionEchoedBack_isRedacted() {
    // A hostile endpoint quotes the assertion it received (a bearer credential for an hour).
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "bad"));
    catchThrowable(source::mint);
    String assertion = form(server.takeRequest().body()).get("assertion");
    server.enqueue(VertexStubs.tokenError(400, "invalid_grant", "rejected " + assertion));
    Throwable t = catchThrowable(source::mint);
    String sent = form(server.takeRequest().body()).get("assertion");
    assertThat(t.getMessage()).contains("[REDACTED]");
    // Each mint signs anew (same second, so the same assertion): it never appears.
    assertThat(t.getMessage()).doesNotContain(sent.substring(sent.length() - 40));
  }

  @Test
  void serverErrorsAndRateLimits_areRetryable_andRefusalsAreNot() {
    server.enqueue(VertexStubs.tokenError(503, "temporarily_unavailable", "try later")
        .header("Retry-After", "3"));
    Throwable busy = catchThrowable(source::mint);
    assertThat(busy).isInstanceOf(ServiceUnavailableException.class);
    assertThat(((ServiceUnavailableException) busy).retryable()).isTrue();
    assertThat(((ServiceUnavailableException) busy).retryAfter()).contains(Duration.ofSeconds(3));

    server.enqueue(StubReply.json(429, "{\"error\":\"rate_limit_exceeded\"}"));
    Throwable limited = catchThrowable(source::mint);
    assertThat(limited).isInstanceOf(RateLimitException.class);
    assertThat(((RateLimitException) limited).retryable()).isTrue();

    server.enqueue(VertexStubs.tokenError(401, "invalid_client", "The OAuth client was not"
        + " found."));
    Throwable client = catchThrowable(source::mint);
    assertThat(client).isInstanceOf(AuthenticationException.class);
    assertThat(((AuthenticationException) client).retryable()).isFalse();
  }

  @Test
  void redirect_isRefusedAndNotFollowed() {
    server.enqueue(StubReply.json(302, "{}").header("Location", "http://127.0.0.1:1/steal"));
    Throwable t = catchThrowable(source::mint);
    assertThat(t).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("redirect");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void hostileReplies_areTypedAndNeverQuoteTheBody() {
    String token = GoogleTestCredentials.ACCESS_TOKEN;
    Map<String, StubReply> replies = new java.util.LinkedHashMap<>();
    replies.put("not a JSON object", StubReply.body(200, "text/html",
        "<html>" + token + "</html>"));
    replies.put("without an access_token", StubReply.json(200, "{\"id_token\":\"" + token
        + "\"}"));
    replies.put("HTTP header", StubReply.json(200, "{\"access_token\":\"ya29.a\\nInjected: "
        + token + "\",\"expires_in\":3600}"));
    replies.put("already expired", StubReply.json(200, "{\"access_token\":\"" + token
        + "\",\"expires_in\":-5}"));
    replies.put("not a whole number", StubReply.json(200, "{\"access_token\":\"" + token
        + "\",\"expires_in\":\"soon\"}"));
    replies.put("not Bearer", StubReply.json(200, "{\"access_token\":\"" + token
        + "\",\"token_type\":\"mac\"}"));
    replies.put("characters, more than", StubReply.json(200, "{\"access_token\":\""
        + "a".repeat(9000) + "\"}"));
    for (Map.Entry<String, StubReply> r : replies.entrySet()) {
      server.enqueue(r.getValue());
      Throwable t = catchThrowable(source::mint);
      assertThat(t).as(r.getKey()).isInstanceOf(ResponseParseException.class)
          .hasMessageContaining(r.getKey());
      assertThat(t.getMessage()).doesNotContain(token).doesNotContain("Injected");
    }
  }

  @Test
  void hugeReply_isCutAtTheBound_andFailsTyped() {
    server.enqueue(StubReply.json(200, "{\"access_token\":\"" + "x".repeat(200_000) + "\"}"));
    Throwable t = catchThrowable(source::mint);
    assertThat(t).isInstanceOf(ResponseParseException.class);
  }

  @Test
  void absurdLifetime_isCappedAtTwelveHours_andMissingOneIsAnHour() {
    server.enqueue(VertexStubs.token("ya29.long", 999_999_999));
    assertThat(source.mint().lifetime()).isEqualTo(Duration.ofHours(12));
    server.enqueue(StubReply.json(200, "{\"access_token\":\"ya29.plain\"}"));
    assertThat(source.mint().lifetime()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void unreachableEndpoint_isATransportError() {
    int port = server.port();
    server.close();
    Throwable t = catchThrowable(source::mint);
    assertThat(t).isInstanceOf(TransportException.class)
        .hasMessageContaining("the token endpoint (" + server.rootUrl().split("[/:]+")[1] + ")");
    assertThat(((TransportException) t).retryable()).isTrue();
    assertThat(port).isPositive();
  }

  @Test
  void badKeys_failNamingTheField_neverQuotingTheKey() {
    String field = "providers.vertex.options.credentials";
    String mangled = GoogleTestCredentials.serviceAccountJson(null)
        .replace(GoogleTestCredentials.keyLine(), GoogleTestCredentials.keyLine().substring(3));
    Throwable bad = catchThrowable(() -> GoogleCredentials.parse(mangled, field,
        GoogleTestCredentials.http(context, ProviderConfig.builder("vertex").build()), null));
    assertThat(bad).isInstanceOf(ConfigurationException.class).hasMessageStartingWith(field)
        .hasMessageContaining("PKCS#8");
    StringWriter trace = new StringWriter();
    bad.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(GoogleTestCredentials.keyLine().substring(10, 30));

    String rsa = GoogleTestCredentials.serviceAccountJson(null)
        .replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY");
    assertThat(catchThrowable(() -> GoogleCredentials.parse(rsa, field,
        GoogleTestCredentials.http(context, ProviderConfig.builder("vertex").build()), null)))
        .hasMessageContaining("unencrypted PKCS#8");

    String broken = "{\"type\": \"service_account\", \"private_key\": \""
        + GoogleTestCredentials.keyLine() + "\",";
    Throwable json = catchThrowable(() -> GoogleCredentials.parse(broken, field,
        GoogleTestCredentials.http(context, ProviderConfig.builder("vertex").build()), null));
    assertThat(json).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is not valid JSON (line")
        .hasMessageNotContaining(GoogleTestCredentials.keyLine());
  }

  @Test
  void toStrings_nameTheAccount_notTheKey() {
    assertThat(source.toString()).contains(GoogleTestCredentials.CLIENT_EMAIL)
        .doesNotContain(GoogleTestCredentials.keyLine());
    assertThat(new GoogleTokenSource.Minted(GoogleTestCredentials.ACCESS_TOKEN,
        Duration.ofHours(1)).toString()).doesNotContain(GoogleTestCredentials.ACCESS_TOKEN);
  }
}
