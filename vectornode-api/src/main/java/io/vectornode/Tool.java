package io.vectornode;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A function the model may ask the application to call.
 *
 * @param name the name the model uses: 1 to 64 letters, digits, {@code _} or {@code -}
 * @param description what the tool does and when to use it; empty when not needed
 * @param parameters the arguments' JSON Schema, as JSON text (an object schema)
 * @param strict whether the provider should guarantee arguments that match the schema exactly,
 *     where it supports that; for OpenAI the parameters are then completed for strict mode
 *     ({@code additionalProperties: false} and every property required), as {@link
 *     ResponseFormat.JsonSchema} describes
 */
public record Tool(String name, String description, String parameters, boolean strict) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  /** Validates. */
  public Tool {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(parameters, "parameters");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name: must be 1-64 letters, digits, '_' or '-', was '" + name + "'");
    }
    String p = parameters.strip();
    if (!p.startsWith("{") || !p.endsWith("}")) {
      throw new IllegalArgumentException(
          "tool parameters: must be a JSON object schema, was '" + abbreviate(p) + "' (tool "
              + name + ")");
    }
  }

  /**
   * A non-strict tool.
   *
   * @param name the tool's name
   * @param description what it does
   * @param parameters the arguments' JSON Schema as JSON text
   * @return the tool
   */
  public static Tool of(String name, String description, String parameters) {
    return new Tool(name, description, parameters, false);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
