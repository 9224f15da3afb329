package io.vectornode.routing;

import io.vectornode.spi.TokenCounter;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenCounter} on the class path (or module path), if any: {@code
 * vectornode-jtokkit} adds one for OpenAI's encodings. Without one every estimate stays on the
 * byte bound, which is valid for every model. A counter that fails is logged once and not asked
 * again. Thread-safe.
 */
final class Tokenizers {
  private static final Logger LOG = LoggerFactory.getLogger(Tokenizers.class);

  /** The counter found, or null. */
  private static final @Nullable TokenCounter COUNTER = find();

  /** Whether a counter was found. */
  static final boolean AVAILABLE = COUNTER != null;

  private static volatile boolean failed;

  private Tokenizers() {}

  private static @Nullable TokenCounter find() {
    try {
      return ServiceLoader.load(TokenCounter.class, Tokenizers.class.getClassLoader())
          .findFirst().orElse(null);
    } catch (ServiceConfigurationError | LinkageError e) {
      // A counter whose library is missing (jtokkit removed): the byte bound holds anyway.
      LOG.warn("token counter unusable ({}); budget reservations keep the byte bound",
          e.getClass().getName());
      return null;
    }
  }

  /**
   * The encoding of a deployment's model, or null when no counter knows it.
   *
   * @param providerType the provider type
   * @param model the model
   * @return the encoding
   */
  static @Nullable String encodingOf(String providerType, String model) {
    TokenCounter c = COUNTER;
    if (c == null || failed) {
      return null;
    }
    try {
      return c.encoding(providerType, model);
    } catch (RuntimeException | LinkageError e) {
      fail(e);
      return null;
    }
  }

  /**
   * Counts a text's tokens as plain text.
   *
   * @param encoding an encoding {@link #encodingOf} returned
   * @param text the text
   * @return the count, or -1 when the counter failed (logged once)
   */
  static long count(String encoding, String text) {
    TokenCounter c = COUNTER;
    if (c == null || failed) {
      return -1;
    }
    try {
      return c.count(encoding, text);
    } catch (RuntimeException | LinkageError e) {
      fail(e);
      return -1;
    }
  }

  private static void fail(Throwable e) {
    failed = true;
    LOG.warn("token counter failed ({}); budget reservations keep the byte bound",
        e.getClass().getName());
  }
}
