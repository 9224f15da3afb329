package io.vectornode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Helpers shared by the built-in dialects. */
final class Dialects {
  static final ObjectMapper JSON = new ObjectMapper();

  private Dialects() {}

  static JsonNode json(RecordedCall call) {
    try {
      return JSON.readTree(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a content that is a string or an array of parts with {@code text}. */
  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text") && !part.path("thought").asBoolean(false)
          && !"thinking".equals(part.path("type").asText())) {
        sb.append(part.get("text").asText());
      }
    }
    return sb.toString();
  }
}
