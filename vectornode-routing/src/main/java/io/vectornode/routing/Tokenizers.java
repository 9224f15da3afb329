package io.vectornode.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact token counts for OpenAI's models, when the application has jtokkit on its class path
 * (an optional dependency: a 3.2 MB jar, and about 30 MB of heap and half a second the first
 * time an encoding is used). Without it every estimate stays on the byte bound, which is also
 * valid for OpenAI. The jtokkit types are touched only after it was found. Thread-safe.
 */
final class Tokenizers {
  private static final Logger LOG = LoggerFactory.getLogger(Tokenizers.class);

  /** No known encoding. */
  static final int NONE = 0;
  /** {@code o200k_base}: gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and the o-series. */
  static final int O200K = 1;
  /** {@code cl100k_base}: gpt-4 and gpt-3.5-turbo. */
  static final int CL100K = 2;

  /** Whether jtokkit is on the class path. */
  static final boolean AVAILABLE = detect();

  private static volatile boolean failed;

  private Tokenizers() {}

  private static boolean detect() {
    try {
      Class.forName("com.knuddels.jtokkit.Encodings", false, Tokenizers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The encoding of an OpenAI model, by name, or {@link #NONE}. Only the {@code openai} and
   * {@code azure-openai} types qualify: elsewhere the same name may be served by a different
   * tokenizer. An Azure deployment named otherwise than its model has no known encoding.
   *
   * @param providerType the provider type
   * @param model the model (a fine-tune {@code ft:base:org::id} counts as its base)
   * @return the encoding
   */
  static int encodingOf(String providerType, String model) {
    if (!providerType.equals("openai") && !providerType.equals("azure-openai")) {
      return NONE;
    }
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("ft:")) {
      m = m.substring(3);
    }
    if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5") || m.startsWith("gpt-5") || m.startsWith("o1")
        || m.startsWith("o3") || m.startsWith("o4")) {
      return O200K;
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5")) {
      return CL100K;
    }
    return NONE;
  }

  /**
   * Counts a text's tokens as plain text: special-token strings in it ({@code <|endoftext|>})
   * count as the text they are, which is how the API treats them in a message.
   *
   * @param encoding {@link #O200K} or {@link #CL100K}
   * @param text the text
   * @return the count, or -1 when jtokkit is missing or failed (logged once)
   */
  static long count(int encoding, String text) {
    if (!AVAILABLE || failed) {
      return -1;
    }
    try {
      return (encoding == O200K ? O200k.ENCODING : Cl100k.ENCODING).countTokensOrdinary(text);
    } catch (RuntimeException | LinkageError e) {
      failed = true;
      LOG.warn("jtokkit failed to count tokens ({}); budget reservations keep the byte bound",
          e.getClass().getName());
      return -1;
    }
  }

  /** Loaded on first use only (the class initializer reads the encoding's 3.6 MB table). */
  private static final class O200k {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  private static final class Cl100k {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }
}
