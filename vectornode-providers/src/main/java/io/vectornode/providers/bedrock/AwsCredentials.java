package io.vectornode.providers.bedrock;

import static java.util.Objects.requireNonNull;

import io.vectornode.Secret;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * AWS credentials for signing a request with SigV4: an access key id, its secret, and the
 * session token of temporary credentials. {@link #toString()} names the access key id's last
 * four characters only; the secret and the token never appear.
 *
 * <pre>{@code
 * AwsCredentials c = AwsCredentials.of("AKIA...", Secret.of(secret), null);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param accessKeyId the access key id ({@code AKIA...} or {@code ASIA...})
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary credentials, or empty
 */
public record AwsCredentials(String accessKeyId, Secret secretAccessKey,
    Optional<Secret> sessionToken) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException when a part is null
   * @throws IllegalArgumentException when the access key id is blank
   */
  public AwsCredentials {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    requireNonNull(sessionToken, "sessionToken");
    if (accessKeyId.isBlank()) {
      throw new IllegalArgumentException("accessKeyId: must not be blank");
    }
  }

  /**
   * Credentials from their parts.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token, or null for long-term credentials
   * @return the credentials
   */
  public static AwsCredentials of(String accessKeyId, Secret secretAccessKey,
      @Nullable Secret sessionToken) {
    return new AwsCredentials(accessKeyId, secretAccessKey, Optional.ofNullable(sessionToken));
  }

  @Override
  public String toString() {
    String id = accessKeyId.length() > 4
        ? "..." + accessKeyId.substring(accessKeyId.length() - 4) : "...";
    return "AwsCredentials[accessKeyId=" + id + ", secretAccessKey=[REDACTED]"
        + (sessionToken.isPresent() ? ", sessionToken=[REDACTED]" : "") + "]";
  }
}
