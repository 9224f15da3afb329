package io.vectornode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.spi.ProviderConfig;

/** What the two Vertex dialects share: the config and the checks of Vertex's request form. */
final class VertexDialects {
  private VertexDialects() {}

  /** A {@code vertex-ai} instance on the stub, the access token given as {@code apiKey}. */
  static ProviderConfig config(ProviderStubServer server, String accessToken) {
    return ProviderConfig.builder("vertex-ai").apiKey(accessToken).baseUrl(server.rootUrl())
        .option("project", VertexStubs.PROJECT).option("location", VertexStubs.LOCATION)
        .build();
  }

  /**
   * Checks the request's URL and authentication and returns the bearer token sent.
   *
   * @throws AssertionError when the request is not in Vertex's form
   */
  static String bearer(RecordedCall call, String publisher, String model, String method,
      String streamMethod) {
    boolean stream = call.path().contains(":" + streamMethod);
    String expected = VertexStubs.path(publisher, model, stream ? streamMethod : method)
        + (stream && publisher.equals("google") ? "?alt=sse" : "");
    check(call.method().equals("POST"), "method POST, was " + call.method());
    check(call.path().equals(expected), "path " + expected + ", was " + call.path());
    for (String h : new String[] {"x-goog-api-key", "x-api-key", "anthropic-version"}) {
      check(call.header(h).isEmpty(), "no " + h + " header on Vertex AI");
    }
    String auth = call.header("authorization").orElse("");
    check(auth.startsWith("Bearer "), "an Authorization: Bearer header");
    return auth.substring("Bearer ".length());
  }

  /** Checks Claude's body on Vertex: its anthropic_version, no model, stream as the URL says. */
  static void anthropicBody(RecordedCall call, JsonNode body) {
    check("vertex-2023-10-16".equals(body.path("anthropic_version").asText()),
        "anthropic_version vertex-2023-10-16 in the body, was " + body.get("anthropic_version"));
    check(!body.has("model"), "no model field in the body (the URL names the model)");
    boolean streamUrl = call.path().endsWith(":streamRawPredict");
    check(body.path("stream").asBoolean(false) == streamUrl,
        "stream: true exactly when the method is streamRawPredict");
  }

  private static void check(boolean ok, String expected) {
    if (!ok) {
      throw new AssertionError("Vertex AI request form: expected " + expected);
    }
  }
}
