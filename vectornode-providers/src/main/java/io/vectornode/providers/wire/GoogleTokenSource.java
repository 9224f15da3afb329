package io.vectornode.providers.wire;

import java.time.Duration;
import java.util.List;

/**
 * Where a Vertex AI instance's OAuth2 access tokens come from: a service account's key, a gcloud
 * user's refresh token, or the metadata server of the machine. {@link GoogleTokens} caches what
 * {@link #mint} returns and asks again shortly before it expires.
 *
 * <p>Implementations are immutable and thread-safe; {@link #mint} blocks on I/O.
 */
interface GoogleTokenSource {

  /**
   * Obtains a fresh access token.
   *
   * @return the token and how long it lives from now
   * @throws io.vectornode.error.VectorNodeException typed: {@code AuthenticationException} when
   *     the credentials are refused, {@code TransportException} when the endpoint cannot be
   *     reached, {@code ServiceUnavailableException} or {@code RateLimitException} when it asks
   *     to come back later, {@code ResponseParseException} when its reply is unusable
   */
  Minted mint();

  /** @return the credential material to remove from any text (private key, refresh token) */
  List<String> secrets();

  /** @return what these credentials are, for messages (never a secret) */
  String describe();

  /**
   * A token just obtained.
   *
   * @param token the access token
   * @param lifetime how long it lives from now, as the endpoint said
   */
  record Minted(String token, Duration lifetime) {
    @Override
    public String toString() {
      return "Minted[token=[REDACTED], lifetime=" + lifetime + "]";
    }
  }
}
