package io.vectornode.providers.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;

/**
 * One request for an access token (the OAuth2 token endpoint, or the metadata server) and its
 * reply, read as untrusted: at most {@value #MAX_REPLY} bytes, the token checked for size and
 * characters, the lifetime bounded, and every string scrubbed of the credentials (the reply is
 * never quoted on success: it holds the token). Failures are typed: refused credentials are an
 * {@link AuthenticationException} (not retryable), a busy endpoint a retryable
 * {@link ServiceUnavailableException} or {@link RateLimitException}, an unreachable one a
 * {@link TransportException}, an unusable reply a {@link ResponseParseException}.
 */
final class GoogleTokenEndpoint {
  /** A token reply is about 2 KB; an error reply less. */
  static final int MAX_REPLY = 64 * 1024;
  /** Google's access tokens are a few hundred characters; anything past this is not one. */
  static final int MAX_TOKEN = 8 * 1024;
  /** Used when a reply states no lifetime (RFC 6749 makes {@code expires_in} optional). */
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  /** A longer lifetime is cut to this: a lying endpoint cannot pin a token for a year. */
  static final Duration MAX_LIFETIME = Duration.ofHours(12);

  private GoogleTokenEndpoint() {}

  /**
   * Sends the request and reads the token from the reply.
   *
   * @param http the HTTP client (no redirects)
   * @param request the token request
   * @param what what is asked, for messages ({@code the token endpoint}, ...)
   * @param provider the provider instance
   * @param config the instance's config (timeouts, for messages)
   * @param redactor removes the credentials (and the assertion sent) from any text
   * @param clock for Retry-After dates
   * @param metadata whether this is the metadata server (its reply must say so)
   * @return the token
   */
  static GoogleTokenSource.Minted fetch(OkHttpClient http, Request request, String what,
      String provider, ProviderConfig config, Redactor redactor, Clock clock, boolean metadata) {
    try (Response r = execute(http, request, what, provider, config, redactor)) {
      BufferedSource body = Okio.buffer(new BoundedSource(r.body().source(), MAX_REPLY));
      String text;
      try {
        body.request(MAX_REPLY);
        Buffer b = body.getBuffer();
        text = b.readString(Math.min(b.size(), MAX_REPLY), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw unreachable(e, true, what, provider, config, redactor);
      }
      if (!r.isSuccessful()) {
        throw refused(r, text, what, provider, redactor, clock);
      }
      if (metadata && !"Google".equals(r.header("Metadata-Flavor"))) {
        throw new ResponseParseException(provider, what + " answered without the header"
            + " Metadata-Flavor: Google, so it is not a metadata server; no token taken", null);
      }
      return token(text, what, provider);
    }
  }

  private static Response execute(OkHttpClient http, Request request, String what,
      String provider, ProviderConfig config, Redactor redactor) {
    try {
      return http.newCall(request).execute();
    } catch (IOException e) {
      throw unreachable(e, false, what, provider, config, redactor);
    }
  }

  private static TransportException unreachable(IOException e, boolean started, String what,
      String provider, ProviderConfig config, Redactor redactor) {
    TransportException t = ProviderErrors.transport(provider, e, started, redactor,
        ProviderErrors.Timeouts.of(config, null));
    String detail = t.getMessage().substring(provider.length() + 2);
    return new TransportException(provider, t.kind(), t.requestSent(),
        what + ": " + detail, t.getCause());
  }

  /** The exception for an error status: what the endpoint said, scrubbed and cut. */
  private static ProviderException refused(Response r, String body, String what,
      String provider, Redactor redactor, Clock clock) {
    int status = r.code();
    JsonNode root = ProviderErrors.json(body);
    String code = null;
    String description = null;
    if (root != null) {
      JsonNode err = root.get("error");
      if (err != null && err.isTextual()) {
        code = err.asText(); // OAuth2: {"error": "invalid_grant", "error_description": ...}
        description = Json.text(root, "error_description");
      } else if (err != null && err.isObject()) {
        code = Json.text(err, "status"); // Google RPC: {"error": {"status", "message"}}
        description = Json.text(err, "message");
      }
    }
    String said = description != null ? description
        : root == null && !body.isBlank() ? body : code != null ? code : "no reason given";
    boolean redirect = status >= 300 && status < 400;
    String message = redirect
        ? what + " answered with a redirect, which is never followed (it would carry the"
            + " credentials to another host)"
        : what + " refused to issue an access token: " + said;
    boolean busy = status >= 500 || status == 408 || status == 429;
    ProviderError e = redactor.error(new ProviderError(provider, status, code, message, null,
        busy, busy ? ProviderErrors.retryAfter(r.headers(), clock) : null,
        ProviderErrors.keptHeaders(r.headers())));
    if (status == 429) {
      return new RateLimitException(e, false);
    }
    if (busy) {
      return new ServiceUnavailableException(e);
    }
    return new AuthenticationException(e);
  }

  /** The token of a successful reply; the reply itself is never quoted. */
  private static GoogleTokenSource.Minted token(String text, String what, String provider) {
    JsonNode root = ProviderErrors.json(text);
    if (root == null || !root.isObject()) {
      throw new ResponseParseException(provider, what + " replied with something that is not"
          + " a JSON object (" + text.length() + " characters, not shown)", null);
    }
    JsonNode t = root.get("access_token");
    if (t == null || !t.isTextual() || t.asText().isBlank()) {
      throw new ResponseParseException(provider, what + " replied without an access_token", null);
    }
    String token = t.asText();
    if (token.length() > MAX_TOKEN) {
      throw new ResponseParseException(provider, what + " replied with an access_token of "
          + token.length() + " characters, more than the " + MAX_TOKEN + " accepted", null);
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new ResponseParseException(provider, what + " replied with an access_token that"
            + " cannot travel in an HTTP header (a character at position " + (i + 1)
            + " is not visible ASCII; the token is not shown)", null);
      }
    }
    String type = Json.text(root, "token_type");
    if (type != null && !type.equalsIgnoreCase("bearer")) {
      throw new ResponseParseException(provider, what + " replied with a token whose"
          + " token_type is not Bearer (not shown)", null);
    }
    return new GoogleTokenSource.Minted(token, lifetime(root.get("expires_in"), what, provider));
  }

  private static Duration lifetime(JsonNode v, String what, String provider) {
    if (v == null || v.isNull()) {
      return DEFAULT_LIFETIME;
    }
    long seconds;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      seconds = v.asLong();
    } else if (v.isTextual() && v.asText().matches("\\d{1,9}")) {
      seconds = Long.parseLong(v.asText());
    } else {
      throw new ResponseParseException(provider, what + " replied with an expires_in that is"
          + " not a whole number of seconds", null);
    }
    if (seconds <= 0) {
      throw new ResponseParseException(provider, what + " replied with a token that has already"
          + " expired (expires_in " + seconds + ")", null);
    }
    Duration d = Duration.ofSeconds(seconds);
    return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
  }
}
