package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/** The shared, immutable Jackson configuration of the providers. */
final class Json {
  /** Tolerant of unknown fields; shared, as ObjectMapper is thread-safe once configured. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      // Replies are untrusted: nesting is capped (deeper is a parse error, not a
                      // stack overflow); a string is bounded by the response bound anyway.
                      StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024)
                          .maxNestingDepth(1000).build())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The factory for streaming parsers and generators. */
  public static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /**
   * A text field, or null when missing, null or not text.
   *
   * @param node the object
   * @param field the field
   * @return the text or null
   */
  public static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }

  /**
   * Checks that text is one well-formed JSON value, so that it can be written raw.
   *
   * @param json the text
   * @param field the request field it came from, for the error message
   * @return the text
   * @throws io.vectornode.error.ConfigurationException naming the field when it is not JSON
   */
  public static String requireJson(String json, String field) {
    try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() == null) {
        throw new io.vectornode.error.ConfigurationException(field, "must be JSON, was empty");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new io.vectornode.error.ConfigurationException(
            field, "must be one JSON value, found trailing content");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new io.vectornode.error.ConfigurationException(
          field, "is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // reading a String cannot fail this way
    }
  }

}
