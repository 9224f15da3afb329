package io.vectornode.opentelemetry;

import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.Role;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The conventions' JSON for content attributes (their input-messages, output-messages and
 * system-instructions schemas), written by hand so that this module needs no JSON library. An
 * image's bytes are never written: the part says its media type and size.
 */
final class ContentJson {
  private ContentJson() {}

  /** The system messages' parts, or null when there are none. */
  static @Nullable String systemInstructions(List<Message> messages) {
    StringBuilder sb = new StringBuilder("[");
    boolean any = false;
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        for (ContentPart p : m.content()) {
          if (any) {
            sb.append(',');
          }
          part(sb, p);
          any = true;
        }
      }
    }
    return any ? sb.append(']').toString() : null;
  }

  /** The conversation without its system messages. */
  static String inputMessages(List<Message> messages) {
    StringBuilder sb = new StringBuilder("[");
    boolean first = true;
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      message(sb, m, null);
    }
    return sb.append(']').toString();
  }

  /** The answer, as one output message with its finish reason. */
  static String outputMessages(Message answer, String finishReason) {
    StringBuilder sb = new StringBuilder("[");
    message(sb, answer, finishReason);
    return sb.append(']').toString();
  }

  private static void message(StringBuilder sb, Message m, @Nullable String finishReason) {
    sb.append("{\"role\":");
    string(sb, m.role().name().toLowerCase(Locale.ROOT));
    sb.append(",\"parts\":[");
    for (int i = 0; i < m.content().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      part(sb, m.content().get(i));
    }
    sb.append(']');
    if (finishReason != null) {
      sb.append(",\"finish_reason\":");
      string(sb, finishReason);
    }
    sb.append('}');
  }

  private static void part(StringBuilder sb, ContentPart p) {
    if (p instanceof ContentPart.Text t) {
      sb.append("{\"type\":\"text\",\"content\":");
      string(sb, t.text());
    } else if (p instanceof ContentPart.ToolCall c) {
      sb.append("{\"type\":\"tool_call\",\"id\":");
      string(sb, c.id());
      sb.append(",\"name\":");
      string(sb, c.name());
      sb.append(",\"arguments\":");
      string(sb, c.arguments());
    } else if (p instanceof ContentPart.ToolResult r) {
      sb.append("{\"type\":\"tool_call_response\",\"id\":");
      string(sb, r.toolCallId());
      sb.append(",\"response\":");
      string(sb, r.content());
    } else if (p instanceof ContentPart.Reasoning r) {
      sb.append("{\"type\":\"reasoning\",\"content\":");
      string(sb, r.redacted() ? "" : r.text());
    } else if (p instanceof ContentPart.ImageUrl u) {
      sb.append("{\"type\":\"uri\",\"modality\":\"image\",\"uri\":");
      string(sb, u.url().toString());
    } else if (p instanceof ContentPart.ImageData d) {
      sb.append("{\"type\":\"image\",\"mime_type\":");
      string(sb, d.mediaType());
      sb.append(",\"bytes\":").append(d.data().length);
    } else {
      sb.append("{\"type\":");
      string(sb, p.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }
    sb.append('}');
  }

  /** A JSON string literal. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
