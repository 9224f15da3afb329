package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Gemini's {@code models/{model}:batchEmbedContents}: {@code requests[]}, each with the model,
 * {@code content.parts[].text} and {@code outputDimensionality}, answered by {@code
 * embeddings[].values} in request order. The answer reports no tokens: usage is estimated (a
 * token per 4 characters) and marked so, unless a {@code usageMetadata.promptTokenCount} comes.
 * At most {@value #MAX_INPUTS} requests per batch (the API refuses more).
 */
final class GeminiEmbeddings implements EmbeddingWire {
  static final int MAX_INPUTS = 100;
  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final HttpUrl modelsUrl;
  private final Secret apiKey;
  private final Map<String, String> headers;

  GeminiEmbeddings(String provider, HttpUrl modelsUrl, Secret apiKey,
      Map<String, String> headers) {
    this.provider = provider;
    this.modelsUrl = modelsUrl;
    this.apiKey = apiKey;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public int maxInputs() {
    return MAX_INPUTS;
  }

  @Override
  public long maxBody(int inputs, long configured) {
    return Math.max(configured, inputs * 96L * 1024 + 64 * 1024);
  }

  @Override
  public Request httpRequest(EmbeddingRequest batch, String model) {
    String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
    Request.Builder b = new Request.Builder()
        .url(modelsUrl.newBuilder().addPathSegment(m + ":batchEmbedContents").build())
        .header("x-goog-api-key", apiKey.reveal())
        .header("User-Agent", "vectornode/0.1")
        .post(RequestBody.create(body(batch, "models/" + m), JSON));
    headers.forEach(b::header);
    return b.build();
  }

  private static byte[] body(EmbeddingRequest batch, String model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 128 * batch.inputs().size());
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("requests");
      List<String> in = batch.inputs();
      for (int i = 0; i < in.size(); i++) {
        g.writeStartObject();
        g.writeStringField("model", model);
        g.writeObjectFieldStart("content");
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", in.get(i));
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (batch.dimensions().isPresent()) {
          g.writeNumberField("outputDimensionality", batch.dimensions().getAsInt());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  @Override
  public EmbeddingResponse read(JsonParser p, EmbeddingRequest batch, String model,
      Supplier<Duration> latency) throws IOException {
    int n = batch.inputs().size();
    Vectors vectors = new Vectors(provider, n);
    long promptTokens = -1;
    boolean sawEmbeddings = false;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (field.equals("embeddings") && v == JsonToken.START_ARRAY) {
        sawEmbeddings = true;
        int i = 0;
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY;
            item = p.nextToken(), i++) {
          if (item != JsonToken.START_OBJECT) {
            throw vectors.bad("embeddings[" + i + "] is not an object");
          }
          if (i >= n) {
            throw vectors.bad("the answer has more than " + n + " vectors for " + n
                + " inputs");
          }
          float[] values = null;
          for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String name = p.currentName();
            JsonToken val = p.nextToken();
            if (name.equals("values") && val == JsonToken.START_ARRAY) {
              values = vectors.readArray(p, "embeddings[" + i + "].values");
            } else {
              p.skipChildren();
            }
          }
          if (values == null) {
            throw vectors.bad("embeddings[" + i + "] has no values");
          }
          vectors.set(i, values); // Gemini answers in request order, without indices
        }
      } else if (field.equals("usageMetadata") && v == JsonToken.START_OBJECT) {
        for (JsonToken u = p.nextToken(); u == JsonToken.FIELD_NAME; u = p.nextToken()) {
          String name = p.currentName();
          JsonToken val = p.nextToken();
          if (name.equals("promptTokenCount")) {
            promptTokens = Counts.of(provider, p, val, "usageMetadata.promptTokenCount");
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (!sawEmbeddings) {
      throw vectors.bad("the answer has no embeddings array");
    }
    return vectors.response(model, batch, promptTokens, latency.get());
  }
}
