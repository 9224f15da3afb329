package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Two estimates of a request's input tokens, made before any request is sent.
 *
 * <p>{@link #input} is the typical count (about four characters per token, plus per-message and
 * per-image overheads) for the capability filter, least-cost ordering and tokens-per-minute
 * limits. It costs a few nanoseconds and can be below the real count (CJK text is about one
 * token per character or more), so it never bounds spending.
 *
 * <p>{@link Bound} is an upper bound for budget reservations, whatever the script: byte-level BPE
 * (OpenAI's encodings, Llama 3, Mistral's Tekken) and SentencePiece with byte fallback (Gemini,
 * Gemma, Llama 2) both emit tokens that each cover at least one UTF-8 byte of the text, so a text
 * never has more tokens than bytes. Fixed overheads are added for chat templates, content blocks,
 * tool definitions and images (see the constants). When a token counter knows the model
 * ({@code vectornode-jtokkit}: OpenAI), a bound can be tightened to the exact count of the text
 * ({@link Tokenizers}).
 */
final class TokenEstimate {
  /** What one image costs at high detail on OpenAI (a 512px tile grid), as a typical figure. */
  static final int IMAGE_TOKENS = 1105;

  /**
   * Per request: OpenAI primes the reply with 3 tokens; the others add a beginning-of-text and
   * hidden framing that they do not document. 16 leaves room for both.
   */
  static final int REQUEST_OVERHEAD = 16;
  /** Per message: OpenAI's template costs 3, plus 1 for a name; role markers elsewhere alike. */
  static final int MESSAGE_OVERHEAD = 8;
  /**
   * Per content part: a tokenizer cannot merge across the boundary of two parts, a block may
   * bring a separator, and SentencePiece prefixes each text with a word-boundary piece.
   */
  static final int PART_OVERHEAD = 4;
  /**
   * Once for a request with tools or a structured response format: Anthropic adds a tool-use
   * system prompt of up to 346 tokens (and emulates JSON output with a forced tool); OpenAI
   * renders functions and schemas into its system message under a header.
   */
  static final int TOOLS_OVERHEAD = 600;
  /** Per tool definition, on top of the bytes of its name, description and schema. */
  static final int PER_TOOL_OVERHEAD = 16;
  /**
   * Per image, the largest documented count among the catalog's other models: OpenAI's patch
   * models reach 1,536 patches x 2.46 = 3,779 (gpt-4.1-nano) and tiled models 1,445; Anthropic
   * about 1,600 at its largest size; Gemini 1,120 at high resolution (258 per 768px tile on 2.x).
   */
  static final int IMAGE_BOUND = 4_800;
  /** gpt-4o-mini bills images at 2,833 + 5,667 per tile: up to 48,169 for eight tiles. */
  static final int IMAGE_BOUND_GPT_4O_MINI = 48_200;
  /**
   * The most text bytes counted with a tokenizer: jtokkit takes up to about 6 us per character
   * of rare CJK (a few ms for 32 KiB of English, about 70 ms for 11,000 rare ideographs).
   * Larger prompts keep the byte bound rather than spend that on the calling thread.
   */
  static final long MAX_TOKENIZED_BYTES = 32 * 1024;

  private TokenEstimate() {}

  static long input(ChatRequest r) {
    long chars = 0;
    long tokens = 3;
    // Indexed loops: the lists are immutable random-access lists, and this runs on every call.
    List<Message> messages = r.messages();
    for (int i = 0; i < messages.size(); i++) {
      tokens += 4;
      List<ContentPart> content = messages.get(i).content();
      for (int j = 0; j < content.size(); j++) {
        ContentPart p = content.get(j);
        if (p instanceof ContentPart.Text t) {
          chars += t.text().length();
        } else if (p instanceof ContentPart.ImageUrl || p instanceof ContentPart.ImageData) {
          tokens += IMAGE_TOKENS;
        } else if (p instanceof ContentPart.ToolCall c) {
          chars += c.name().length() + c.arguments().length();
        } else if (p instanceof ContentPart.ToolResult res) {
          chars += res.content().length();
        } else if (p instanceof ContentPart.Reasoning rs) {
          chars += rs.text().length();
        }
      }
    }
    List<Tool> tools = r.tools();
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      chars += t.name().length() + t.description().length() + t.parameters().length();
    }
    return tokens + (chars + 3) / 4;
  }

  /**
   * The UTF-8 length of a string, without allocating. Each UTF-16 unit is at most 3 bytes, so a
   * surrogate pair counts 6 for its 4 bytes and an unpaired surrogate 3 (a replacement
   * character): never less than what is sent.
   */
  static long utf8Bytes(String s) {
    int n = s.length();
    long extra = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        extra += c < 0x800 ? 1 : 2;
      }
    }
    return n + extra;
  }

  /** The per-image bound for a deployment's model. */
  static int imageBound(String model) {
    return model.contains("gpt-4o-mini") ? IMAGE_BOUND_GPT_4O_MINI : IMAGE_BOUND;
  }

  /**
   * The upper bound of one call's input, measured once (one pass over the text) and then asked
   * per deployment. Not thread-safe: it belongs to one call.
   */
  static final class Bound {
    private final ChatRequest request;
    private final boolean useTokenizer;
    /** Overheads plus the bytes of what only the byte bound covers (tool calls, schemas). */
    private final long rest;
    /** The bytes of the text a tokenizer counts exactly (text, tool results, reasoning). */
    private final long textBytes;
    private final int images;
    /** The encoding last counted in, and its count: deployments of one call share one. */
    private @Nullable String countedEncoding;
    private long counted = -1;

    /**
     * Measures a request.
     *
     * @param request the request
     * @param useTokenizer whether {@link #tightened} may count with a {@link
     *     io.vectornode.spi.TokenCounter}
     */
    Bound(ChatRequest request, boolean useTokenizer) {
      this.request = request;
      this.useTokenizer = useTokenizer;
      long rest = REQUEST_OVERHEAD;
      long text = 0;
      int images = 0;
      List<Message> messages = request.messages();
      for (int i = 0; i < messages.size(); i++) {
        rest += MESSAGE_OVERHEAD;
        List<ContentPart> content = messages.get(i).content();
        for (int j = 0; j < content.size(); j++) {
          ContentPart p = content.get(j);
          rest += PART_OVERHEAD;
          if (p instanceof ContentPart.Text t) {
            text += utf8Bytes(t.text());
          } else if (p instanceof ContentPart.ImageUrl || p instanceof ContentPart.ImageData) {
            images++;
          } else if (p instanceof ContentPart.ToolCall c) {
            rest += utf8Bytes(c.id()) + utf8Bytes(c.name()) + utf8Bytes(c.arguments());
          } else if (p instanceof ContentPart.ToolResult res) {
            rest += utf8Bytes(res.toolCallId());
            text += utf8Bytes(res.content());
          } else if (p instanceof ContentPart.Reasoning rs) {
            text += utf8Bytes(rs.text());
            if (rs.signature() != null) {
              rest += utf8Bytes(rs.signature());
            }
          }
        }
      }
      List<Tool> tools = request.tools();
      ResponseFormat format = request.responseFormat();
      if (!tools.isEmpty() || !(format instanceof ResponseFormat.Text)) {
        rest += TOOLS_OVERHEAD;
      }
      for (int i = 0; i < tools.size(); i++) {
        Tool t = tools.get(i);
        rest += PER_TOOL_OVERHEAD + utf8Bytes(t.name()) + utf8Bytes(t.description())
            + utf8Bytes(t.parameters());
      }
      if (format instanceof ResponseFormat.JsonSchema s) {
        rest += PER_TOOL_OVERHEAD + utf8Bytes(s.name()) + utf8Bytes(s.schema());
      }
      this.rest = rest;
      this.textBytes = text;
      this.images = images;
    }

    /**
     * The bound by bytes: valid for every tokenizer that never emits more tokens than bytes.
     *
     * @param model the deployment's model, for its image bound
     * @return the most input tokens the request can have
     */
    long bytes(String model) {
      return rest + textBytes + (long) images * imageBound(model);
    }

    /**
     * The bound with the text counted exactly when the deployment's model has a known OpenAI
     * encoding, a token counter is on the class path and the text is at most {@link
     * #MAX_TOKENIZED_BYTES}; else the same as {@link #bytes}. Counting costs 40 ns to 6 us per
     * character (about 0.1 ms for 2,000 characters of English, 0.8 ms of Chinese), against
     * under 1 us for the byte bound, so the router asks only when the byte bound does not fit a
     * budget; the count is kept for the call's next attempts.
     *
     * @param providerType the deployment's provider type
     * @param model the deployment's model
     * @return the most input tokens the request can have, at most {@link #bytes}
     */
    long tightened(String providerType, String model) {
      String encoding = useTokenizer && textBytes <= MAX_TOKENIZED_BYTES
          ? Tokenizers.encodingOf(providerType, model) : null;
      if (encoding == null) {
        return bytes(model);
      }
      if (!encoding.equals(countedEncoding)) {
        long n = countText(encoding);
        if (n < 0) {
          return bytes(model); // the counter failed (logged): keep the byte bound
        }
        countedEncoding = encoding;
        counted = n;
      }
      return rest + Math.min(textBytes, counted) + (long) images * imageBound(model);
    }

    /** @return the exact count of the text parts, or -1 when the tokenizer failed */
    private long countText(String encoding) {
      long n = 0;
      List<Message> messages = request.messages();
      for (int i = 0; i < messages.size(); i++) {
        List<ContentPart> content = messages.get(i).content();
        for (int j = 0; j < content.size(); j++) {
          ContentPart p = content.get(j);
          String text = p instanceof ContentPart.Text t ? t.text()
              : p instanceof ContentPart.ToolResult res ? res.content()
              : p instanceof ContentPart.Reasoning rs ? rs.text() : null;
          if (text != null && !text.isEmpty()) {
            long c = Tokenizers.count(encoding, text);
            if (c < 0) {
              return -1;
            }
            n += c;
          }
        }
      }
      return n;
    }
  }

  static boolean needsVision(ChatRequest r) {
    List<Message> messages = r.messages();
    for (int i = 0; i < messages.size(); i++) {
      List<ContentPart> content = messages.get(i).content();
      for (int j = 0; j < content.size(); j++) {
        ContentPart p = content.get(j);
        if (p instanceof ContentPart.ImageUrl || p instanceof ContentPart.ImageData) {
          return true;
        }
      }
    }
    return false;
  }
}
