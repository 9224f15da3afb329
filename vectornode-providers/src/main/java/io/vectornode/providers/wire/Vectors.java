package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vectornode.error.ResponseParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads vectors from an untrusted answer and checks them: bounded length, one length for all,
 * finite values, each input answered once. Not thread-safe: one per read.
 */
final class Vectors {
  /** No embedding model makes longer vectors (the largest are 4,096); a lie stops here. */
  static final int MAX_DIMENSIONS = 65_536;

  private final String provider;
  private final float[][] out;
  private int filled;
  private int dimensions = -1;

  Vectors(String provider, int expected) {
    this.provider = provider;
    this.out = new float[expected][];
  }

  /** @return how many vectors were set */
  int filled() {
    return filled;
  }

  /**
   * Reads a JSON array of numbers (the parser on its {@code START_ARRAY}).
   *
   * @param p the parser
   * @param where the field, for errors
   * @return the values
   */
  float[] readArray(JsonParser p, String where) throws IOException {
    float[] v = new float[dimensions > 0 ? dimensions : 256];
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
        throw bad(where + " holds a " + (t == null ? "truncated body" : t) + ", not a number");
      }
      if (n == v.length) {
        if (n >= MAX_DIMENSIONS) {
          throw bad(where + " has more than " + MAX_DIMENSIONS + " values");
        }
        v = Arrays.copyOf(v, Math.min(MAX_DIMENSIONS, n * 2));
      }
      v[n++] = p.getFloatValue();
    }
    return n == v.length ? v : Arrays.copyOf(v, n);
  }

  /**
   * Decodes OpenAI's {@code base64} encoding: little-endian IEEE 754 floats.
   *
   * @param text the value
   * @param where the field, for errors
   * @return the values
   */
  float[] readBase64(String text, String where) {
    if (text.length() > (MAX_DIMENSIONS * 4L * 4 / 3) + 4) {
      throw bad(where + " has more than " + MAX_DIMENSIONS + " values");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw bad(where + " is not base64");
    }
    if (bytes.length % 4 != 0) {
      throw bad(where + " decodes to " + bytes.length + " bytes, not whole floats");
    }
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /**
   * Sets the vector of one input, checking its index, length and values.
   *
   * @param index the input's index, as the server said
   * @param v the values
   */
  void set(long index, float[] v) {
    if (index < 0 || index >= out.length) {
      throw bad("index " + index + " is outside the batch's " + out.length + " inputs");
    }
    if (out[(int) index] != null) {
      throw bad("index " + index + " is answered twice");
    }
    if (v.length == 0) {
      throw bad("the vector of input " + index + " is empty");
    }
    if (dimensions < 0) {
      dimensions = v.length;
    } else if (v.length != dimensions) {
      throw bad("the vector of input " + index + " has " + v.length + " values, others have "
          + dimensions);
    }
    for (float f : v) {
      if (!Float.isFinite(f)) {
        throw bad("the vector of input " + index + " holds " + f);
      }
    }
    out[(int) index] = v;
    filled++;
  }

  /** @return whether another vector would be one too many */
  boolean full() {
    return filled == out.length;
  }

  /**
   * The vectors in input order, once every input has one.
   *
   * @return the vectors
   */
  java.util.List<float[]> all() {
    if (filled != out.length) {
      throw bad("the answer has " + filled + " vectors for " + out.length + " inputs");
    }
    return Arrays.asList(out);
  }

  /**
   * Checks that the vectors have the length the request asked for, if it asked (a server that
   * ignored {@code dimensions} must not pass off full-length vectors as the short ones).
   *
   * @param batch the request
   */
  void checkDimensions(io.vectornode.EmbeddingRequest batch) {
    if (batch.dimensions().isPresent() && dimensions != batch.dimensions().getAsInt()) {
      throw bad("the vectors have " + dimensions + " values, the request asked for "
          + batch.dimensions().getAsInt());
    }
  }

  /**
   * The answer to one request, once its reply is read: every vector there, of the asked length,
   * and its usage. A count of 0 or less (absent, or {@code null} read as 0) for inputs that are
   * never empty is not a report to trust (it would make the vectors free): the usage is then
   * estimated and marked so.
   *
   * @param model the model the request named
   * @param batch the request
   * @param promptTokens the reply's input tokens, or 0 or less when it reported none
   * @param latency how long the request took
   * @return the response
   */
  io.vectornode.EmbeddingResponse response(String model, io.vectornode.EmbeddingRequest batch,
      long promptTokens, java.time.Duration latency) {
    java.util.List<float[]> all = all();
    checkDimensions(batch);
    boolean estimated = promptTokens <= 0;
    io.vectornode.Usage usage = io.vectornode.Usage.of(
        estimated ? OpenAiEmbeddings.estimate(batch) : promptTokens, 0);
    return io.vectornode.EmbeddingResponse.of(provider, model, all, usage, estimated, latency);
  }

  ResponseParseException bad(String why) {
    return new ResponseParseException(provider, "embeddings: " + why, null);
  }
}
