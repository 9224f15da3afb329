package io.vectornode.structured;

import static java.util.Objects.requireNonNull;

import io.vectornode.ChatResponse;

/**
 * A typed answer: the value read from the model's JSON, and the response it came from.
 *
 * <pre>{@code
 * StructuredResponse<Answer> r = StructuredOutput.of(Answer.class).repairs(1).call(client, request);
 * System.out.println(r.value().title() + " cost " + r.response().cost());
 * }</pre>
 *
 * @param value the answer, validated against the type's schema and read into the type
 * @param response the response that carried it; when repair turns were needed, its usage, cost,
 *     attempts and latency are those of all the turns together
 * @param answers how many answers the model gave: 1, plus one per repair turn
 * @param <T> the answer's type
 */
public record StructuredResponse<T>(T value, ChatResponse response, int answers) {

  /** Validates. */
  public StructuredResponse {
    requireNonNull(value, "value");
    requireNonNull(response, "response");
    if (answers < 1) {
      throw new IllegalArgumentException("answers: must be at least 1, was " + answers);
    }
  }

  /** @return how many repair turns were needed: {@code answers - 1} */
  public int repairs() {
    return answers - 1;
  }
}
