package io.vectornode.providers.wire;

import io.vectornode.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * A service account's key: each token is bought with a JWT assertion signed RS256 with the key
 * (RFC 7523: {@code iss} the account, {@code scope} cloud-platform, {@code aud} the token
 * endpoint, one hour), exchanged at the account's {@code token_uri}. The JDK signs
 * ({@code java.security}); nothing else is needed.
 */
final class GoogleServiceAccount implements GoogleTokenSource {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  /** The longest an assertion may live, per Google's token endpoint. */
  static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

  private final String clientEmail;
  private final @Nullable String keyId;
  private final PrivateKey key;
  private final HttpUrl tokenUrl;
  private final List<String> secrets;
  private final GoogleHttp http;

  /**
   * Reads a service account.
   *
   * @param clientEmail the account ({@code client_email})
   * @param keyId the key's id ({@code private_key_id}), sent as {@code kid}, or null
   * @param pem the PKCS#8 private key in PEM form ({@code private_key})
   * @param tokenUrl where to exchange the assertion
   * @param field the config field the key came from, for messages
   * @param http how to reach the endpoint
   * @throws ConfigurationException naming the field when the key cannot be read (never the key)
   */
  GoogleServiceAccount(String clientEmail, @Nullable String keyId, String pem, HttpUrl tokenUrl,
      String field, GoogleHttp http) {
    this.clientEmail = clientEmail;
    this.keyId = keyId;
    this.key = parseKey(pem, field);
    this.tokenUrl = tokenUrl;
    this.http = http;
    // The key's base64, whole and line by line (text that quotes the key rarely keeps the PEM's
    // line breaks as they were); not the BEGIN and END lines, which are no secret.
    List<String> s = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : pem.split("\\\\n|\\R")) {
      if (!line.startsWith("-----") && !line.isBlank()) {
        s.add(line.strip());
        body.append(line.strip());
      }
    }
    s.add(body.toString());
    this.secrets = List.copyOf(s);
  }

  /** Reads an unencrypted PKCS#8 RSA key, as service-account JSON files hold it. */
  static PrivateKey parseKey(String pem, String field) {
    String body = pem.replace("\\n", "\n")
        .replace("-----BEGIN PRIVATE KEY-----", "")
        .replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new ConfigurationException(field, "private_key must be an unencrypted PKCS#8 key"
          + " (-----BEGIN PRIVATE KEY-----), as Google's key files hold it; the value is not"
          + " shown");
    }
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // Neither the key nor the parser's message (which may quote it) goes into the exception.
      throw new ConfigurationException(field, "private_key is not a PKCS#8 RSA private key in"
          + " PEM form (" + e.getClass().getSimpleName() + "); the value is not shown");
    }
  }

  @Override
  public Minted mint() {
    String assertion = assertion(http.clock().instant());
    List<String> secret = new ArrayList<>(secrets);
    secret.add(assertion); // a bearer credential itself, for an hour
    Request request = new Request.Builder().url(tokenUrl)
        .header("User-Agent", "vectornode/0.1")
        .header("Accept", "application/json")
        .post(new FormBody.Builder().add("grant_type", GRANT).add("assertion", assertion)
            .build())
        .build();
    return GoogleTokenEndpoint.fetch(http.client(), request, "the token endpoint ("
        + tokenUrl.host() + ") for service account " + clientEmail, http.provider(),
        http.config(), Redactor.of(http.config(), secret), http.clock(), false);
  }

  /**
   * The signed assertion: {@code header.claims.signature}, each base64url without padding.
   *
   * @param now the wall clock's time
   * @return the JWT
   */
  String assertion(Instant now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    if (keyId != null) {
      header.put("kid", keyId);
    }
    long iat = now.getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", clientEmail);
    claims.put("scope", SCOPE);
    claims.put("aud", tokenUrl.toString());
    claims.put("iat", iat);
    claims.put("exp", iat + ASSERTION_LIFETIME.toSeconds());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    try {
      String signed = b64.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
          + b64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA"); // not thread-safe: one per use
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("signing the assertion failed ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public List<String> secrets() {
    return secrets;
  }

  @Override
  public String describe() {
    return "service account " + clientEmail;
  }

  @Override
  public String toString() {
    return "GoogleServiceAccount[" + clientEmail + "]";
  }
}
