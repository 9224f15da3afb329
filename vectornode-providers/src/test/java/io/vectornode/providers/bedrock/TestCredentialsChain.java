package io.vectornode.providers.bedrock;

import io.vectornode.spi.ProviderConfig;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A credential chain for tests, registered in the test resources' {@code META-INF/services}:
 * hands out whatever {@link #CURRENT} holds (so a test can rotate credentials), or fails with
 * the message in {@link #FAILURE}. Reached only by configs without an apiKey or static keys.
 */
public final class TestCredentialsChain implements AwsCredentialsSourceFactory {
  /** The credentials handed out next. */
  static final AtomicReference<AwsCredentials> CURRENT = new AtomicReference<>();
  /** When set, the source throws an IllegalStateException with this message. */
  static final AtomicReference<String> FAILURE = new AtomicReference<>();

  /** Used by ServiceLoader. */
  public TestCredentialsChain() {}

  @Override
  public String id() {
    return "test-chain";
  }

  @Override
  public AwsCredentialsSource create(ProviderConfig config) {
    return () -> {
      String failure = FAILURE.get();
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      AwsCredentials c = CURRENT.get();
      if (c == null) {
        throw new IllegalStateException("no test credentials set");
      }
      return c;
    };
  }
}
