package io.vectornode.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value or a request field is wrong. The message names the field and the bad
 * value; a secret value is never included.
 *
 * <p>Immutable and safe to share between threads.
 */
public class ConfigurationException extends VectorNodeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the field, as the user wrote it (for example {@code providers.openai.baseUrl})
   * @param message what is wrong, naming the value unless it is a secret
   */
  public ConfigurationException(String field, String message) {
    this(field, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param field the field, as the user wrote it
   * @param message what is wrong, naming the value unless it is a secret
   * @param cause the underlying exception, or {@code null}
   */
  public ConfigurationException(String field, String message, @Nullable Throwable cause) {
    super(requireNonNull(field, "field") + ": " + message, cause);
    this.field = field;
  }

  /**
   * The field that is wrong.
   *
   * @return the field path
   */
  public String field() {
    return field;
  }
}
