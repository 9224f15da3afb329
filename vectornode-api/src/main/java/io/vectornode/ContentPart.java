package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One piece of a {@link Message}: text, an image, a tool call, a tool result, or the model's
 * reasoning. A closed set, so mappers can switch over it exhaustively.
 */
public sealed interface ContentPart
    permits ContentPart.Text,
        ContentPart.ImageUrl,
        ContentPart.ImageData,
        ContentPart.ToolCall,
        ContentPart.ToolResult,
        ContentPart.Reasoning {

  /**
   * Plain text.
   *
   * @param text the text, possibly empty
   */
  record Text(String text) implements ContentPart {
    /** Validates. */
    public Text {
      requireNonNull(text, "text");
    }
  }

  /**
   * An image the provider fetches from a URL ({@code https:} or a {@code data:} URL).
   *
   * @param url where the image is
   * @param detail how closely to look at it
   */
  record ImageUrl(URI url, ImageDetail detail) implements ContentPart {
    /** Validates. */
    public ImageUrl {
      requireNonNull(url, "url");
      requireNonNull(detail, "detail");
      String scheme = url.getScheme();
      if (scheme == null || !Set.of("http", "https", "data", "gs").contains(scheme)) {
        throw new IllegalArgumentException(
            "image url: scheme must be http, https, data or gs, was '" + scheme + "'");
      }
    }

    /**
     * An image by URL with {@link ImageDetail#AUTO}.
     *
     * @param url the URL
     */
    public ImageUrl(String url) {
      this(URI.create(requireNonNull(url, "url")), ImageDetail.AUTO);
    }
  }

  /**
   * An image sent inline as bytes. The array is copied on the way in and out.
   *
   * @param data the encoded image
   * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/gif} or
   *     {@code image/webp}
   * @param detail how closely to look at it
   */
  record ImageData(byte[] data, String mediaType, ImageDetail detail) implements ContentPart {
    private static final Set<String> MEDIA_TYPES =
        Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Validates and copies. */
    public ImageData {
      requireNonNull(data, "data");
      requireNonNull(mediaType, "mediaType");
      requireNonNull(detail, "detail");
      if (data.length == 0) {
        throw new IllegalArgumentException("image data: must not be empty");
      }
      if (!MEDIA_TYPES.contains(mediaType)) {
        throw new IllegalArgumentException(
            "image mediaType: must be one of " + MEDIA_TYPES + ", was '" + mediaType + "'");
      }
      data = data.clone();
    }

    /**
     * Inline image bytes with {@link ImageDetail#AUTO}.
     *
     * @param data the encoded image
     * @param mediaType its media type
     */
    public ImageData(byte[] data, String mediaType) {
      this(data, mediaType, ImageDetail.AUTO);
    }

    /**
     * A copy of the bytes.
     *
     * @return the encoded image
     */
    @Override
    public byte[] data() {
      return data.clone();
    }

    /**
     * The bytes as standard base64, without line breaks.
     *
     * @return the base64 text
     */
    public String base64() {
      return Base64.getEncoder().encodeToString(data);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof ImageData other
          && Arrays.equals(data, other.data)
          && mediaType.equals(other.mediaType)
          && detail == other.detail;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(data) + mediaType.hashCode();
    }

    @Override
    public String toString() {
      return "ImageData[" + mediaType + ", " + data.length + " bytes, " + detail + "]";
    }
  }

  /**
   * The model asks the application to call a tool.
   *
   * @param id the provider's id for this call, echoed back in the {@link ToolResult}
   * @param name the tool's name
   * @param arguments the arguments as JSON text (an object), exactly as the model produced them
   */
  record ToolCall(String id, String name, String arguments) implements ContentPart {
    /** Validates. */
    public ToolCall {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(arguments, "arguments");
      if (name.isBlank()) {
        throw new IllegalArgumentException("tool call name: must not be blank");
      }
    }
  }

  /**
   * The result of a tool call, sent back to the model.
   *
   * @param toolCallId the {@link ToolCall#id()} this answers
   * @param content the result, usually JSON or plain text
   * @param error whether the tool failed (the content then describes the failure)
   */
  record ToolResult(String toolCallId, String content, boolean error) implements ContentPart {
    /** Validates. */
    public ToolResult {
      requireNonNull(toolCallId, "toolCallId");
      requireNonNull(content, "content");
      if (toolCallId.isBlank()) {
        throw new IllegalArgumentException("tool result toolCallId: must not be blank");
      }
    }
  }

  /**
   * The model's reasoning, where the provider returns it. Send it back unchanged on the next turn
   * (some providers require it, with its signature).
   *
   * <p>OpenAI's Responses API returns reasoning as items: {@code text} is then the reasoning
   * summary (empty when none was asked for), {@code signature} the item's {@code
   * encrypted_content} (an opaque blob only OpenAI can read, which lets the next turn continue
   * the reasoning without the server storing anything), and {@code id} the item's id ({@code
   * rs_...}). {@link #toString()} shows the lengths of the text and signature, never their
   * content.
   *
   * @param text the reasoning text; for redacted reasoning, the provider's opaque data
   * @param signature the provider's signature over the reasoning, or its encrypted form, or
   *     {@code null}; opaque, sent back as received
   * @param redacted whether the provider redacted the reasoning
   * @param id the provider's id for this piece of reasoning (OpenAI Responses {@code rs_...}),
   *     or {@code null} when the provider gives none
   */
  record Reasoning(String text, @Nullable String signature, boolean redacted, @Nullable String id)
      implements ContentPart {
    /** Validates. */
    public Reasoning {
      requireNonNull(text, "text");
    }

    /**
     * Reasoning without a provider id.
     *
     * @param text the reasoning text
     * @param signature the provider's signature, or {@code null}
     * @param redacted whether the provider redacted the reasoning
     */
    public Reasoning(String text, @Nullable String signature, boolean redacted) {
      this(text, signature, redacted, null);
    }

    @Override
    public String toString() {
      // Reasoning can be long and its signature is an opaque (encrypted) blob: lengths only.
      return "Reasoning[text=" + text.length() + " chars, signature="
          + (signature == null ? "none" : signature.length() + " chars") + ", redacted="
          + redacted + (id == null ? "" : ", id=" + id) + "]";
    }
  }
}
