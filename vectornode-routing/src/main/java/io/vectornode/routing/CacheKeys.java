package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The response cache's key: the canonical form of a request, and its SHA-256 digest. Every
 * field is length-prefixed, so no two requests share a form. Only what shapes the answer is in
 * it: the target, messages, tools, format and sampling; never tags, timeout, headers or a key
 * (a request carries none: keys live in the provider's config).
 */
final class CacheKeys {
  private CacheKeys() {}

  /**
   * @param target the route (or deployment) the request resolves to
   * @return the digest, 64 hex digits
   */
  static String of(String target, ChatRequest r) {
    return sha256(canonical(target, r).getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder sb = new StringBuilder(64);
      for (byte b : d) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String canonical(String target, ChatRequest r) {
    StringBuilder sb = new StringBuilder(256).append("v1");
    f(sb, "target", target);
    f(sb, "model", r.model().orElse(""));
    for (Message m : r.messages()) {
      f(sb, "role", m.role().name());
      for (ContentPart p : m.content()) {
        part(sb, p);
      }
    }
    for (Tool t : r.tools()) {
      f(sb, "tool", t.name());
      f(sb, "description", t.description());
      f(sb, "parameters", t.parameters());
      f(sb, "strict", String.valueOf(t.strict()));
    }
    r.toolChoice().ifPresent(c -> f(sb, "toolChoice", c instanceof ToolChoice.Specific s
        ? "specific:" + s.name() : c.getClass().getSimpleName()));
    r.parallelToolCalls().ifPresent(p -> f(sb, "parallelToolCalls", p.toString()));
    ResponseFormat rf = r.responseFormat();
    if (rf instanceof ResponseFormat.JsonSchema s) {
      f(sb, "format", "schema");
      f(sb, "schemaName", s.name());
      f(sb, "schema", s.schema());
      f(sb, "strict", String.valueOf(s.strict()));
    } else {
      f(sb, "format", rf.getClass().getSimpleName());
    }
    r.temperature().ifPresent(t -> f(sb, "temperature", Double.toString(t)));
    r.topP().ifPresent(t -> f(sb, "topP", Double.toString(t)));
    r.maxOutputTokens().ifPresent(t -> f(sb, "maxOutputTokens", Integer.toString(t)));
    for (String s : r.stop()) {
      f(sb, "stop", s);
    }
    r.seed().ifPresent(s -> f(sb, "seed", Long.toString(s)));
    if (!r.providerOptions().isEmpty()) {
      f(sb, "providerOptions", sorted(r.providerOptions()).toString());
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, ContentPart p) {
    if (p instanceof ContentPart.Text t) {
      f(sb, "text", t.text());
    } else if (p instanceof ContentPart.ImageUrl i) {
      f(sb, "imageUrl", i.url().toString());
      f(sb, "detail", i.detail().name());
    } else if (p instanceof ContentPart.ImageData i) {
      f(sb, "imageData", sha256(i.data())); // the image's digest: the form stays small
      f(sb, "mediaType", i.mediaType());
      f(sb, "detail", i.detail().name());
    } else if (p instanceof ContentPart.ToolCall c) {
      f(sb, "toolCall", c.id());
      f(sb, "name", c.name());
      f(sb, "arguments", c.arguments());
    } else if (p instanceof ContentPart.ToolResult t) {
      f(sb, "toolResult", t.toolCallId());
      f(sb, "content", t.content());
      f(sb, "error", String.valueOf(t.error()));
    } else if (p instanceof ContentPart.Reasoning t) {
      f(sb, "reasoning", t.text());
      f(sb, "signature", String.valueOf(t.signature()));
      f(sb, "redacted", String.valueOf(t.redacted()));
    } else {
      f(sb, "part", p.toString());
    }
  }

  /** Maps sorted by key at every depth, so that insertion order does not change the key. */
  private static Object sorted(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> t = new TreeMap<>();
      m.forEach((k, v) -> t.put(String.valueOf(k), sorted(v)));
      return t;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(CacheKeys::sorted).toList();
    }
    return String.valueOf(o);
  }

  private static void f(StringBuilder sb, String name, String value) {
    sb.append('|').append(name).append(':').append(value.length()).append(':').append(value);
  }
}
