package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * OpenAI's {@code POST /embeddings}, for OpenAI, Azure and the compatible servers that serve it:
 * {@code {"model", "input": [...], "dimensions"?, "encoding_format"}}, answered by {@code
 * data[].{index, embedding}} and {@code usage.prompt_tokens}. With {@code base64} the vectors
 * come as little-endian floats in base64 (a quarter of the bytes of printed numbers, and no
 * number parsing); servers that may not know it are asked for {@code float}, and either form is
 * read whatever was asked.
 */
final class OpenAiEmbeddings implements EmbeddingWire {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OpenAiSettings settings;
  private final HttpUrl url;
  private final int maxInputs;
  private final boolean base64;

  /**
   * Creates the format.
   *
   * @param settings the instance's dialect (key, headers, Azure's version)
   * @param url the {@code /embeddings} URL (for Azure, the base: the deployment is added)
   * @param maxInputs the most inputs a request carries
   * @param base64 whether to ask for {@code encoding_format: base64}
   */
  OpenAiEmbeddings(OpenAiSettings settings, HttpUrl url, int maxInputs, boolean base64) {
    this.settings = settings;
    this.url = url;
    this.maxInputs = maxInputs;
    this.base64 = base64;
  }

  @Override
  public int maxInputs() {
    return maxInputs;
  }

  /** OpenAI refuses a request of more than 300,000 input tokens in total. */
  static final long MAX_TOKENS = 300_000;

  @Override
  public long maxTokens() {
    return MAX_TOKENS;
  }

  @Override
  public long maxBody(int inputs, long configured) {
    // 3,072 values a vector: ~64 KB printed, ~16 KB as base64; plus room for the envelope.
    long perInput = base64 ? 24 * 1024 : 96 * 1024;
    return Math.max(configured, inputs * perInput + 64 * 1024);
  }

  @Override
  public Request httpRequest(EmbeddingRequest batch, String model) {
    HttpUrl target = settings.azureApiVersion() == null ? url
        : url.newBuilder().addPathSegment("openai").addPathSegment("deployments")
            .addPathSegment(model).addPathSegment("embeddings")
            .setQueryParameter("api-version", settings.azureApiVersion()).build();
    Request.Builder b = new Request.Builder()
        .url(target)
        .header("User-Agent", OpenAiWire.USER_AGENT)
        .header("Accept", "application/json")
        .post(RequestBody.create(body(batch, model), JSON));
    if (settings.apiKey() != null) {
      String key = settings.apiKey().reveal();
      b.header(settings.authHeader(), settings.bearer() ? "Bearer " + key : key);
    }
    settings.headers().forEach(b::header);
    return b.build();
  }

  private byte[] body(EmbeddingRequest batch, String model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * batch.inputs().size());
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", model);
      g.writeArrayFieldStart("input");
      List<String> in = batch.inputs();
      for (int i = 0; i < in.size(); i++) {
        g.writeString(in.get(i));
      }
      g.writeEndArray();
      if (batch.dimensions().isPresent()) {
        g.writeNumberField("dimensions", batch.dimensions().getAsInt());
      }
      g.writeStringField("encoding_format", base64 ? "base64" : "float");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  @Override
  public EmbeddingResponse read(JsonParser p, EmbeddingRequest batch, String model,
      Supplier<Duration> latency) throws IOException {
    String provider = settings.provider();
    Vectors vectors = new Vectors(provider, batch.inputs().size());
    long promptTokens = -1;
    boolean sawData = false;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (field.equals("data") && v == JsonToken.START_ARRAY) {
        sawData = true;
        int position = 0;
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY;
            item = p.nextToken(), position++) {
          if (item != JsonToken.START_OBJECT) {
            throw vectors.bad("data[" + position + "] is not an object");
          }
          if (vectors.full()) {
            throw vectors.bad("the answer has more than " + batch.inputs().size()
                + " vectors for " + batch.inputs().size() + " inputs");
          }
          readItem(p, vectors, position);
        }
      } else if (field.equals("usage") && v == JsonToken.START_OBJECT) {
        for (JsonToken u = p.nextToken(); u == JsonToken.FIELD_NAME; u = p.nextToken()) {
          String name = p.currentName();
          JsonToken val = p.nextToken();
          if (name.equals("prompt_tokens")) {
            promptTokens = Counts.of(provider, p, val, "usage.prompt_tokens");
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (!sawData) {
      throw vectors.bad("the answer has no data array");
    }
    return vectors.response(model, batch, promptTokens, latency.get());
  }

  private static void readItem(JsonParser p, Vectors vectors, int position) throws IOException {
    long index = Long.MIN_VALUE; // absent
    float[] vector = null;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if (field.equals("index") && v == JsonToken.VALUE_NUMBER_INT) {
        index = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE
            : p.getLongValue();
      } else if (field.equals("embedding") && v == JsonToken.START_ARRAY) {
        vector = vectors.readArray(p, "data[" + position + "].embedding");
      } else if (field.equals("embedding") && v == JsonToken.VALUE_STRING) {
        vector = vectors.readBase64(p.getText(), "data[" + position + "].embedding");
      } else {
        p.skipChildren();
      }
    }
    if (vector == null) {
      throw vectors.bad("data[" + position + "] has no embedding");
    }
    // Servers that leave the index out answer in order (OpenAI always sends it).
    vectors.set(index == Long.MIN_VALUE ? position : index, vector);
  }

  /** A rough count for servers that report no usage: a token per 4 characters. */
  static long estimate(EmbeddingRequest batch) {
    long bytes = 0;
    for (String s : batch.inputs()) {
      bytes += s.length(); // chars: close enough for an estimate, and no encoding pass
    }
    return (bytes + 3) / 4;
  }
}
