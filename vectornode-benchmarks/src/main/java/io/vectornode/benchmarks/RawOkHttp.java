package io.vectornode.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The floor: OkHttp and Jackson's streaming parser, nothing else. Writes the same request body,
 * extracts the text (and, for streams, each delta) without building objects.
 */
final class RawOkHttp implements Contestant {
  static final JsonFactory JSON = new JsonFactory();
  private static final MediaType TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String url;
  private final boolean anthropic;

  RawOkHttp(String base, String path) {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(256);
    d.setMaxRequestsPerHost(256);
    this.http = new OkHttpClient.Builder().dispatcher(d)
        .connectionPool(new ConnectionPool(128, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        // The same timeouts as every contestant: a whole call may take 60 s.
        .connectTimeout(Bench.CONNECT_TIMEOUT).readTimeout(Bench.CALL_TIMEOUT)
        .writeTimeout(Bench.CALL_TIMEOUT).callTimeout(Bench.CALL_TIMEOUT).build();
    this.anthropic = path.endsWith("messages");
    this.url = (anthropic ? base.replace("/small", "") : base) + path;
  }

  private byte[] body(boolean stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", anthropic ? "claude-sonnet-4-5" : "gpt-4o-mini");
      if (anthropic) {
        g.writeNumberField("max_tokens", 100);
        g.writeStringField("system", Bench.SYSTEM);
      }
      g.writeArrayFieldStart("messages");
      if (!anthropic) {
        g.writeStartObject();
        g.writeStringField("role", "system");
        g.writeStringField("content", Bench.SYSTEM);
        g.writeEndObject();
      }
      g.writeStartObject();
      g.writeStringField("role", "user");
      g.writeStringField("content", Bench.PROMPT);
      g.writeEndObject();
      g.writeEndArray();
      if (!anthropic) {
        g.writeNumberField("max_completion_tokens", 100);
      }
      if (stream) {
        g.writeBooleanField("stream", true);
        if (!anthropic) {
          g.writeObjectFieldStart("stream_options");
          g.writeBooleanField("include_usage", true);
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Request request(boolean stream) {
    return new Request.Builder().url(url).header("Authorization", "Bearer sk-bench")
        .post(RequestBody.create(body(stream), TYPE)).build();
  }

  @Override
  public String chat() {
    try (Response r = http.newCall(request(false)).execute();
        JsonParser p = JSON.createParser(r.body().byteStream())) {
      String text = null;
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "content".equals(p.currentName())) {
          p.nextToken();
          text = p.getText();
        }
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int stream() {
    try (Response r = http.newCall(request(true)).execute()) {
      BufferedSource src = r.body().source();
      int events = 0;
      String line;
      while ((line = src.readUtf8Line()) != null) {
        if (!line.startsWith("data: ")) {
          continue;
        }
        String data = line.substring(6);
        if (data.equals("[DONE]")) {
          break;
        }
        try (JsonParser p = JSON.createParser(data)) {
          while (p.nextToken() != null) {
            if (p.currentToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              if (f.equals("content") || f.equals("text")) {
                if (p.nextToken() == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
                  events++;
                }
              }
            }
          }
        }
        if (anthropic && data.contains("\"message_stop\"")) {
          break;
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public AutoCloseable openAndReadFirst() {
    try {
      Response r = http.newCall(request(true)).execute();
      BufferedSource src = r.body().source();
      String line;
      while ((line = src.readUtf8Line()) != null
          && !(line.startsWith("data: ") && line.contains("\"content\":\"")
              && !line.contains("\"content\":\"\""))) {
        // skip to the first event with text, as the other contestants do
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
