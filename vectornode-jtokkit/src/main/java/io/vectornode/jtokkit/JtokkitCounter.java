package io.vectornode.jtokkit;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vectornode.spi.TokenCounter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's encodings through jtokkit: {@code o200k_base} for gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and
 * the o-series, {@code cl100k_base} for gpt-4 and gpt-3.5-turbo. Only the {@code openai} and
 * {@code azure-openai} types qualify: elsewhere the same name may be served by another tokenizer,
 * and an Azure deployment named otherwise than its model has no known encoding. An encoding's
 * table (3.6 MB, about 30 MB of heap) is loaded the first time it counts. Thread-safe.
 */
public final class JtokkitCounter implements TokenCounter {
  /** {@code o200k_base}. */
  static final String O200K = EncodingType.O200K_BASE.getName();
  /** {@code cl100k_base}. */
  static final String CL100K = EncodingType.CL100K_BASE.getName();

  /** For {@link java.util.ServiceLoader}. */
  public JtokkitCounter() {}

  @Override
  public @Nullable String encoding(String providerType, String model) {
    if (!providerType.equals("openai") && !providerType.equals("azure-openai")) {
      return null;
    }
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("ft:")) {
      m = m.substring(3); // a fine-tune counts as its base
    }
    if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5") || m.startsWith("gpt-5") || m.startsWith("o1")
        || m.startsWith("o3") || m.startsWith("o4")) {
      return O200K;
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5")) {
      return CL100K;
    }
    return null;
  }

  @Override
  public long count(String encoding, String text) {
    return (encoding.equals(O200K) ? O200k.ENCODING : Cl100k.ENCODING).countTokensOrdinary(text);
  }

  /** Loaded on first use only (the class initializer reads the encoding's table). */
  private static final class O200k {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  private static final class Cl100k {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }
}
