package io.vectornode.structured;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatResponse;
import io.vectornode.error.ResponseParseException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The model answered, but not with JSON that matches the requested type's schema, even after
 * the repair turns allowed (see {@link StructuredOutput#repairs(int)}). Carries the last raw
 * answer and what was wrong with it, each error starting with its JSON path ({@code
 * $.steps[1].kind: expected one of ["A","B"], was "C"}).
 *
 * <pre>{@code
 * try {
 *   Answer a = ai.chat(request, Answer.class);
 * } catch (StructuredOutputException e) {
 *   log.warn("bad answer {}: {}", e.errors(), e.rawText());
 * }
 * }</pre>
 *
 * <p>Not retryable: the router has already spent the repairs the caller allowed. Immutable.
 */
public class StructuredOutputException extends ResponseParseException {
  private static final long serialVersionUID = 1L;

  private final String typeName;
  private final String rawText;
  private final List<String> errors;
  private final int answers;
  private final transient @Nullable ChatResponse response;

  /**
   * Creates the exception.
   *
   * @param provider the provider instance that gave the last answer
   * @param typeName the Java type the answer was read into
   * @param rawText the last answer's text, as the model wrote it
   * @param errors what was wrong, each with its JSON path; at least one
   * @param answers how many answers were tried (1 + the repair turns)
   * @param response the last response, or {@code null}
   */
  public StructuredOutputException(String provider, String typeName, String rawText,
      List<String> errors, int answers, @Nullable ChatResponse response) {
    super(provider, message(typeName, errors, answers), null);
    this.typeName = requireNonNull(typeName, "typeName");
    this.rawText = requireNonNull(rawText, "rawText");
    this.errors = List.copyOf(errors);
    this.answers = answers;
    this.response = response;
  }

  private static String message(String typeName, List<String> errors, int answers) {
    StringBuilder b = new StringBuilder("the answer does not match the schema of ")
        .append(typeName).append(" (").append(answers)
        .append(answers == 1 ? " answer" : " answers, repairs included").append("): ");
    int shown = Math.min(3, errors.size());
    b.append(String.join("; ", errors.subList(0, shown)));
    if (errors.size() > shown) {
      b.append("; and ").append(errors.size() - shown).append(" more");
    }
    return b.toString();
  }

  /** @return the Java type the answer was read into */
  public String typeName() {
    return typeName;
  }

  /** @return the last answer's text, as the model wrote it (may be empty or not JSON at all) */
  public String rawText() {
    return rawText;
  }

  /** @return what was wrong with the last answer, each error starting with its JSON path */
  public List<String> errors() {
    return errors;
  }

  /** @return how many answers were tried: 1 plus the repair turns */
  public int answers() {
    return answers;
  }

  /** @return the last response (usage, cost, provider), when the exception was not serialized */
  public Optional<ChatResponse> response() {
    return Optional.ofNullable(response);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
