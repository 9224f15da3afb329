package io.vectornode.providers.wire;

import io.vectornode.Secret;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.VectorNodeException;
import io.vectornode.providers.bedrock.AwsCredentials;
import io.vectornode.providers.bedrock.AwsCredentialsSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * How a Bedrock instance authenticates each request: a Bedrock API key sent as a bearer token,
 * or SigV4 with credentials from an {@link AwsCredentialsSource} (asked once per request; the
 * source caches). Also keeps the instance's {@link Redactor} current: credentials a source
 * hands out later (temporary ones rotate) join the secrets that are scrubbed from every server
 * string, so an echoed session token is removed like a configured key.
 *
 * <p>Thread-safe.
 */
final class BedrockAuth {
  /** The SigV4 signing name of Bedrock's runtime endpoints. */
  static final String SERVICE = "bedrock";
  /** How many rotated credentials the redactor keeps beside the configured secrets. */
  private static final int REMEMBERED = 4;

  private final String provider;
  private final String region;
  private final @Nullable Secret bearer;
  private final @Nullable AwsCredentialsSource source;
  private final String description;
  private final List<String> baseSecrets;
  private final Object lock = new Object();
  private final List<AwsCredentials> seen = new ArrayList<>();
  private volatile Redactor redactor;

  private BedrockAuth(String provider, String region, @Nullable Secret bearer,
      @Nullable AwsCredentialsSource source, String description, List<String> baseSecrets) {
    this.provider = provider;
    this.region = region;
    this.bearer = bearer;
    this.source = source;
    this.description = description;
    this.baseSecrets = List.copyOf(baseSecrets);
    this.redactor = new Redactor(this.baseSecrets);
  }

  /** Bearer authentication with a Bedrock API key. */
  static BedrockAuth bearer(String provider, String region, Secret key,
      List<String> otherSecrets) {
    List<String> secrets = new ArrayList<>(otherSecrets);
    secrets.add(key.reveal());
    return new BedrockAuth(provider, region, key, null, "api key", secrets);
  }

  /** SigV4 with credentials from a source. */
  static BedrockAuth sigV4(String provider, String region, AwsCredentialsSource source,
      String description, List<String> otherSecrets) {
    return new BedrockAuth(provider, region, null, source, description, otherSecrets);
  }

  /** @return what authenticates, for toString: {@code api key} or the credential source */
  String description() {
    return description;
  }

  /** @return the redactor for this instance's secrets, including credentials seen so far */
  Redactor redactor() {
    return redactor;
  }

  /**
   * Adds the authentication headers to a request about to be sent.
   *
   * @param b the request builder, with its URL set
   * @param url the URL
   * @param body the body
   * @param contentType the body's exact {@code Content-Type}
   * @param now the request time
   */
  void apply(Request.Builder b, HttpUrl url, byte[] body, String contentType, Instant now) {
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer.reveal());
      return;
    }
    AwsCredentials c = credentials();
    String amzDate = SigV4.amzDate(now);
    String payload = SigV4.hex(SigV4.sha256(body));
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("host", hostHeader(url));
    signed.put("content-type", contentType);
    // Not required by Bedrock, but what the AWS SDK v2 signer sends: the same signed headers
    // as the SDK, so that a request is byte-for-byte what AWS's own client would sign.
    signed.put("x-amz-content-sha256", payload);
    signed.put("x-amz-date", amzDate);
    c.sessionToken().ifPresent(t -> signed.put("x-amz-security-token", t.reveal()));
    SigV4.Signature s = SigV4.sign("POST", url, signed, payload, c.accessKeyId(),
        c.secretAccessKey().reveal(), region, SERVICE, amzDate);
    b.header("X-Amz-Date", amzDate);
    b.header("X-Amz-Content-Sha256", payload);
    c.sessionToken().ifPresent(t -> b.header("X-Amz-Security-Token", t.reveal()));
    b.header("Authorization", s.authorization());
  }

  private AwsCredentials credentials() {
    AwsCredentials c;
    try {
      c = source.credentials();
    } catch (VectorNodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // The source's own message may name a profile file or an endpoint, never (we hope) a
      // secret; it is scrubbed of every secret known anyway, and the cause is not kept.
      throw new AuthenticationException(new ProviderError(provider, 0, "credentials",
          "no AWS credentials from " + description + ": " + redactor.excerpt(
              e.getClass().getSimpleName() + ": " + e.getMessage(), 300), null, false, null,
          Map.of()));
    }
    if (c == null) {
      throw new AuthenticationException(new ProviderError(provider, 0, "credentials",
          "no AWS credentials from " + description, null, false, null, Map.of()));
    }
    remember(c);
    return c;
  }

  /** Rebuilds the redactor when a source hands out credentials not seen before. */
  private void remember(AwsCredentials c) {
    synchronized (lock) {
      if (!seen.isEmpty() && seen.get(seen.size() - 1).equals(c)) {
        return;
      }
      if (seen.contains(c)) {
        return;
      }
      seen.add(c);
      if (seen.size() > REMEMBERED) {
        seen.remove(0);
      }
      List<String> secrets = new ArrayList<>(baseSecrets);
      for (AwsCredentials k : seen) {
        secrets.add(k.accessKeyId());
        secrets.add(k.secretAccessKey().reveal());
        k.sessionToken().ifPresent(t -> secrets.add(t.reveal()));
      }
      redactor = new Redactor(secrets);
    }
  }

  /** The {@code Host} header OkHttp sends for a URL: the port only when it is not the default. */
  static String hostHeader(HttpUrl url) {
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
  }
}
