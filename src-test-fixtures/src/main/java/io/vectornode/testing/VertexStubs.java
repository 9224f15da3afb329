package io.vectornode.testing;

import java.time.Duration;

/**
 * Replies of Google Vertex AI and of Google's token endpoints, as they send them: the errors of
 * Vertex's front end (Google's RPC format, for both publishers), the OAuth2 token endpoint's
 * replies, and the metadata server's. Gemini and Claude answers themselves are {@link
 * GeminiStubs}' and {@link AnthropicStubs}'.
 */
public final class VertexStubs {
  /** The project the Vertex dialects configure. */
  public static final String PROJECT = "vn-test-project";
  /** The location the Vertex dialects configure. */
  public static final String LOCATION = "us-east5";

  private VertexStubs() {}

  /**
   * The path of a Vertex model method.
   *
   * @param publisher {@code google} or {@code anthropic}
   * @param model the model id
   * @param method {@code generateContent}, {@code rawPredict}, ...
   * @return {@code /v1/projects/P/locations/L/publishers/X/models/M:method}
   */
  public static String path(String publisher, String model, String method) {
    return "/v1/projects/" + PROJECT + "/locations/" + LOCATION + "/publishers/" + publisher
        + "/models/" + model + ":" + method;
  }

  /** @return the 401 Vertex sends for a missing, expired or revoked access token */
  public static StubReply unauthenticated() {
    return GeminiStubs.error(401, "UNAUTHENTICATED", "Request had invalid authentication"
        + " credentials. Expected OAuth 2 access token, login cookie or other valid"
        + " authentication credential. See https://developers.google.com/identity/sign-in/web/"
        + "devconsole-project.", "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
        + "\"reason\":\"ACCESS_TOKEN_EXPIRED\",\"domain\":\"googleapis.com\",\"metadata\":"
        + "{\"service\":\"aiplatform.googleapis.com\",\"method\":"
        + "\"google.cloud.aiplatform.v1.PredictionService.GenerateContent\"}}]");
  }

  /**
   * The 403 Vertex sends when the principal may not call the model.
   *
   * @param publisher {@code google} or {@code anthropic}
   * @param model the model
   * @return the reply
   */
  public static StubReply permissionDenied(String publisher, String model) {
    return GeminiStubs.error(403, "PERMISSION_DENIED", "Permission 'aiplatform.endpoints.predict'"
        + " denied on resource '//aiplatform.googleapis.com/projects/" + PROJECT + "/locations/"
        + LOCATION + "/publishers/" + publisher + "/models/" + model + "' (or it may not"
        + " exist).", "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":"
        + "\"IAM_PERMISSION_DENIED\",\"domain\":\"aiplatform.googleapis.com\"}]");
  }

  /**
   * The 404 Vertex sends for a model it does not serve there.
   *
   * @param publisher {@code google} or {@code anthropic}
   * @param model the model
   * @return the reply
   */
  public static StubReply modelNotFound(String publisher, String model) {
    return GeminiStubs.error(404, "NOT_FOUND", "Publisher Model `projects/" + PROJECT
        + "/locations/" + LOCATION + "/publishers/" + publisher + "/models/" + model
        + "` was not found or your project does not have access to it.", null);
  }

  /**
   * A 429 of Vertex's per-minute quota, with a {@code RetryInfo} delay.
   *
   * @param retryDelay the delay
   * @return the reply
   */
  public static StubReply rateLimited(Duration retryDelay) {
    return GeminiStubs.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for"
        + " aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model:"
        + " anthropic-claude-sonnet-4-5. Please submit a quota increase request.",
        "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\""
            + retryDelay.toSeconds() + "s\"}]");
  }

  /**
   * The token endpoint's success: {@code access_token}, {@code expires_in}, {@code token_type}.
   *
   * @param accessToken the token
   * @param expiresInSeconds its lifetime
   * @return the reply
   */
  public static StubReply token(String accessToken, long expiresInSeconds) {
    return StubReply.json(200, "{\n  \"access_token\": " + Jsons.quote(accessToken)
        + ",\n  \"expires_in\": " + expiresInSeconds + ",\n  \"token_type\": \"Bearer\"\n}");
  }

  /**
   * The token endpoint's OAuth2 error, for example {@code invalid_grant}.
   *
   * @param status the HTTP status (400 for {@code invalid_grant}, 401 for {@code invalid_client})
   * @param error the error code
   * @param description the {@code error_description}
   * @return the reply
   */
  public static StubReply tokenError(int status, String error, String description) {
    return StubReply.json(status, "{\n  \"error\": " + Jsons.quote(error)
        + ",\n  \"error_description\": " + Jsons.quote(description) + "\n}");
  }

  /**
   * The metadata server's token, with its {@code Metadata-Flavor: Google} header.
   *
   * @param accessToken the token
   * @param expiresInSeconds the token's remaining lifetime
   * @return the reply
   */
  public static StubReply metadataToken(String accessToken, long expiresInSeconds) {
    return StubReply.json(200, "{\"access_token\":" + Jsons.quote(accessToken)
        + ",\"expires_in\":" + expiresInSeconds + ",\"token_type\":\"Bearer\"}")
        .header("Metadata-Flavor", "Google");
  }
}
