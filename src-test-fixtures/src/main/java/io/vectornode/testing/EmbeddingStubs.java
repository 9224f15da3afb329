package io.vectornode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Embeddings answers as the APIs send them, and the inputs a request carried: OpenAI's {@code
 * POST /embeddings} (float or base64 vectors, {@code usage.prompt_tokens}) and Gemini's {@code
 * batchEmbedContents} ({@code embeddings[].values}, no usage).
 *
 * <pre>{@code
 * server.enqueue(EmbeddingStubs.openAi(List.of(new float[] {0.1f, 0.2f}), 3, false));
 * List<String> sent = EmbeddingStubs.openAiInputs(server.takeRequest());
 * }</pre>
 */
public final class EmbeddingStubs {
  private EmbeddingStubs() {}

  /**
   * A vector that says which input it belongs to: {@code [index, index + 0.5, -index, 1]}.
   *
   * @param index the input's index
   * @return the vector
   */
  public static float[] marker(int index) {
    return new float[] {index, index + 0.5f, -index, 1f};
  }

  /**
   * The marker vectors of a range of inputs.
   *
   * @param from the first input's index
   * @param count how many
   * @return the vectors
   */
  public static List<float[]> markers(int from, int count) {
    List<float[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(marker(from + i));
    }
    return out;
  }

  /**
   * OpenAI's answer, {@code data[i].index == i}.
   *
   * @param vectors one per input, in order
   * @param promptTokens {@code usage.prompt_tokens}
   * @param base64 whether the vectors are base64 little-endian floats ({@code encoding_format:
   *     base64}) or arrays of numbers
   * @return the reply
   */
  public static StubReply openAi(List<float[]> vectors, long promptTokens, boolean base64) {
    int[] order = new int[vectors.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return openAi(vectors, order, promptTokens, base64);
  }

  /**
   * OpenAI's answer with the items in any order, or a lying one (an index twice, out of range).
   *
   * @param vectors the vectors, in the order of the items
   * @param indices each item's {@code index}
   * @param promptTokens {@code usage.prompt_tokens}
   * @param base64 whether the vectors are base64
   * @return the reply
   */
  public static StubReply openAi(List<float[]> vectors, int[] indices, long promptTokens,
      boolean base64) {
    StringBuilder sb = new StringBuilder(64 + vectors.size() * 96)
        .append("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < vectors.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":")
          .append(indices[i]).append(",\"embedding\":");
      if (base64) {
        sb.append('"').append(base64(vectors.get(i))).append('"');
      } else {
        numbers(sb, vectors.get(i));
      }
      sb.append('}');
    }
    sb.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":")
        .append(promptTokens).append(",\"total_tokens\":").append(promptTokens).append("}}");
    return StubReply.json(200, sb.toString());
  }

  /**
   * Gemini's {@code batchEmbedContents} answer (it reports no usage).
   *
   * @param vectors one per request, in order
   * @return the reply
   */
  public static StubReply gemini(List<float[]> vectors) {
    StringBuilder sb = new StringBuilder(32 + vectors.size() * 96).append("{\"embeddings\":[");
    for (int i = 0; i < vectors.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"values\":");
      numbers(sb, vectors.get(i));
      sb.append('}');
    }
    return StubReply.json(200, sb.append("]}").toString());
  }

  /**
   * The inputs of an OpenAI {@code /embeddings} request.
   *
   * @param call the request
   * @return its {@code input} array
   */
  public static List<String> openAiInputs(RecordedCall call) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : Dialects.json(call).path("input")) {
      out.add(n.asText());
    }
    return out;
  }

  /**
   * The inputs of a Gemini {@code batchEmbedContents} request.
   *
   * @param call the request
   * @return each request's {@code content.parts[0].text}
   */
  public static List<String> geminiInputs(RecordedCall call) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : Dialects.json(call).path("requests")) {
      out.add(n.path("content").path("parts").path(0).path("text").asText());
    }
    return out;
  }

  private static void numbers(StringBuilder sb, float[] v) {
    sb.append('[');
    for (int j = 0; j < v.length; j++) {
      sb.append(j == 0 ? "" : ",").append(v[j]);
    }
    sb.append(']');
  }

  private static String base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }
}
