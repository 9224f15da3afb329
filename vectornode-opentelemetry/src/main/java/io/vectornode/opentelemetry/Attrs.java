package io.vectornode.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.vectornode.FinishReason;
import java.util.List;

/**
 * The span attributes this module sets: the OpenTelemetry GenAI semantic conventions' (status
 * Development, as of their move to their own repository in 2026) and VectorNode's own, under
 * {@code vectornode.}.
 */
final class Attrs {
  // The conventions
  static final AttributeKey<String> OPERATION = stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = stringKey("gen_ai.provider.name");
  /** Deprecated by the conventions for {@link #PROVIDER}; set only when opted in. */
  static final AttributeKey<String> SYSTEM = stringKey("gen_ai.system");
  static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
  static final AttributeKey<Double> TEMPERATURE = doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> TOP_P = doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Long> MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Long> SEED = longKey("gen_ai.request.seed");
  static final AttributeKey<List<String>> STOP = stringArrayKey("gen_ai.request.stop_sequences");
  static final AttributeKey<String> OUTPUT_TYPE = stringKey("gen_ai.output.type");
  static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ = longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE =
      longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> REASONING = longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  // Opt-in content (JSON strings, as the conventions allow on spans)
  static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS = stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");

  // VectorNode's
  static final AttributeKey<String> REQUEST_ID = stringKey("vectornode.request.id");
  static final AttributeKey<String> TASK = stringKey("vectornode.task");
  static final AttributeKey<String> MODEL_REFERENCE = stringKey("vectornode.request.model_ref");
  static final AttributeKey<String> DEPLOYMENT = stringKey("vectornode.deployment");
  static final AttributeKey<String> PROVIDER_INSTANCE = stringKey("vectornode.provider");
  static final AttributeKey<String> KEY_ID = stringKey("vectornode.key.id");
  static final AttributeKey<String> ATTEMPT_KIND = stringKey("vectornode.attempt.kind");
  static final AttributeKey<Long> ATTEMPT_NUMBER = longKey("vectornode.attempt.number");
  static final AttributeKey<String> ATTEMPT_REASON = stringKey("vectornode.attempt.reason");
  static final AttributeKey<Long> ATTEMPTS = longKey("vectornode.attempts");
  static final AttributeKey<String> OUTCOME = stringKey("vectornode.outcome");
  static final AttributeKey<Double> COST_USD = doubleKey("vectornode.cost.usd");
  static final AttributeKey<Boolean> COST_ESTIMATED = booleanKey("vectornode.cost.estimated");
  static final AttributeKey<String> CATALOG = stringKey("vectornode.cost.catalog");

  static final String CHAT = "chat";
  /** The conventions' operation name of {@code ModelClient.embed} calls. */
  static final String EMBEDDINGS = "embeddings";

  private Attrs() {}

  /**
   * The conventions' {@code gen_ai.provider.name} for a VectorNode provider type: their
   * well-known value where there is one, the type itself otherwise (a custom value).
   */
  static String providerName(String type) {
    switch (type) {
      case "gemini":
        return "gcp.gemini";
      case "vertex-ai":
      case "vertex":
        return "gcp.vertex_ai";
      case "azure-openai":
        return "azure.ai.openai";
      case "bedrock":
        return "aws.bedrock";
      case "mistral":
        return "mistral_ai";
      case "xai":
        return "x_ai";
      default:
        return type;
    }
  }

  /** The conventions' finish reason ({@code stop}, {@code length}, {@code tool_call}...). */
  static String finishReason(FinishReason r) {
    switch (r) {
      case TOOL_CALLS:
        return "tool_call";
      default:
        return r.name().toLowerCase(java.util.Locale.ROOT); // stop, length, content_filter...
    }
  }
}
