package io.vectornode.testing;

import io.vectornode.ContentPart;
import io.vectornode.FinishReason;
import io.vectornode.Usage;
import io.vectornode.spi.ProviderConfig;
import java.util.List;
import java.util.Optional;

/**
 * The wire side of a provider, for {@link ProviderConformanceSuite}: how to point the provider at
 * a {@link ProviderStubServer}, what the API sends back for each case, and how to read the
 * requests it receives. Built-in dialects: {@link OpenAiDialect}, {@link AnthropicDialect},
 * {@link GeminiDialect}; a provider with its own format writes its own.
 */
public interface WireDialect {

  /** Error cases every provider must map to the same exception. */
  enum ErrorCase {
    /** A malformed request: {@code InvalidRequestException}, not retryable. */
    INVALID_REQUEST,
    /** The prompt does not fit: {@code ContextLengthExceededException}, not retryable. */
    CONTEXT_LENGTH,
    /** A bad key: {@code AuthenticationException}, not retryable. */
    AUTHENTICATION,
    /** Not allowed: {@code PermissionDeniedException}, not retryable. */
    PERMISSION,
    /** Unknown model: {@code NotFoundException}, not retryable. */
    NOT_FOUND,
    /** A rate limit asking to wait 2 seconds: {@code RateLimitException}, retryable. */
    RATE_LIMIT,
    /** An exhausted quota or balance: {@code RateLimitException#quotaExceeded()}, not retryable. */
    QUOTA,
    /** A server failure: {@code ServiceUnavailableException}, retryable. */
    SERVER_ERROR,
    /** The provider is overloaded: {@code ServiceUnavailableException}, retryable. */
    OVERLOADED
  }

  /**
   * A usage report in the API's own terms and what it must normalize to.
   *
   * @param reply the reply carrying the usage
   * @param expected the normalized usage
   */
  record UsageCase(StubReply reply, Usage expected) {}

  /**
   * The provider instance to test, pointed at the stub server.
   *
   * @param server the stub server
   * @param apiKey the key to configure (a canary)
   * @return the config
   */
  ProviderConfig config(ProviderStubServer server, String apiKey);

  /** @return a model id the provider accepts */
  String model();

  /**
   * A plain text answer.
   *
   * @param text the text
   * @return the reply
   */
  StubReply text(String text);

  /**
   * An answer asking for tool calls.
   *
   * @param calls the calls
   * @return the reply
   */
  StubReply toolCalls(List<ContentPart.ToolCall> calls);

  /**
   * A streamed text answer, ending normally.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  StubReply streamText(List<String> deltas);

  /**
   * A streamed answer with tool calls, their arguments in fragments where the API streams them.
   *
   * @param calls the calls
   * @return the reply
   */
  StubReply streamToolCalls(List<ContentPart.ToolCall> calls);

  /**
   * A stream that delivers the first two deltas and then loses its connection.
   *
   * @param deltas at least three text pieces
   * @return the reply
   */
  StubReply cutStream(List<String> deltas);

  /**
   * A stream that delivers the first delta and then idles (with keep-alives) until the client
   * hangs up.
   *
   * @param deltas at least two text pieces
   * @return the reply
   */
  StubReply idleStream(List<String> deltas);

  /**
   * The answer to a JSON-schema request whose answer is this JSON, as the API sends it.
   *
   * @param json the JSON text
   * @return the reply
   */
  StubReply jsonAnswer(String json);

  /** @return a usage report with cached and reasoning tokens where the API reports them */
  UsageCase usageCase();

  /**
   * An answer that ends for the given reason.
   *
   * @param reason the reason
   * @return the reply, or empty when the API has no such reason
   */
  Optional<StubReply> finish(FinishReason reason);

  /**
   * An error reply.
   *
   * @param error the case
   * @return the reply, or empty when the API cannot produce it
   */
  Optional<StubReply> error(ErrorCase error);

  /**
   * Reads a received request into the same shape for every API.
   *
   * @param call the request
   * @return its normalized view
   */
  RequestView read(RecordedCall call);

  /**
   * The JSON Schema a received request asks the answer to match, as the API carries it (OpenAI:
   * {@code response_format.json_schema.schema}; Anthropic: the forced tool's {@code
   * input_schema}; Gemini: {@code generationConfig.responseSchema}), for the typed-output checks
   * of {@link ProviderConformanceSuite}. The default (empty) skips the schema part of them.
   *
   * @param call the request
   * @return the schema as JSON text, or empty when the dialect does not say
   */
  default Optional<String> responseSchema(RecordedCall call) {
    return Optional.empty();
  }

  /**
   * The embedding model the suite's embeddings checks use. Empty (the default) suits a provider
   * whose client declares no embeddings ({@code maxEmbeddingInputs() == 0}): it is checked to
   * refuse them before sending anything. A client that declares embeddings with a dialect that
   * leaves this empty fails those checks (they are never skipped).
   *
   * @return the model, or empty
   */
  default Optional<String> embeddingModel() {
    return Optional.empty();
  }

  /**
   * The API's answer to one embeddings request.
   *
   * @param vectors one per input of the request, in order
   * @param inputTokens the input tokens it reports, where the API reports them
   * @return the reply
   */
  default StubReply embeddings(List<float[]> vectors, long inputTokens) {
    throw new UnsupportedOperationException("this dialect has no embeddings");
  }

  /**
   * The inputs an embeddings request carried, in order.
   *
   * @param call the request
   * @return the inputs
   */
  default List<String> embeddingInputs(RecordedCall call) {
    throw new UnsupportedOperationException("this dialect has no embeddings");
  }
}
