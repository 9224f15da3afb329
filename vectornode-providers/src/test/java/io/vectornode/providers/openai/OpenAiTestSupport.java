package io.vectornode.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RecordingModelCallListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A stub server, a recording listener and an {@code openai} client pointed at the stub. */
abstract class OpenAiTestSupport {
  static final String KEY = "sk-test-CANARY-1f2e3d4c5b6a79880";
  static final ObjectMapper JSON = new ObjectMapper();

  ProviderStubServer server;
  RecordingModelCallListener listener;
  ProviderContext context;
  ManualTime time;
  ModelClient client;

  @BeforeEach
  void startServer() {
    server = ProviderStubServer.start();
    listener = new RecordingModelCallListener();
    time = ManualTime.create();
    context = ProviderContext.builder().listener(listener).clock(time.clock()).build();
    client = client(b -> b);
  }

  @AfterEach
  void stopServer() {
    client.close();
    context.resources().close();
    server.close();
  }

  /** An openai client with the stub's base URL, the canary key and short timeouts. */
  ModelClient client(UnaryOperator<ProviderConfig.Builder> customize) {
    ProviderConfig.Builder b = ProviderConfig.builder("openai")
        .apiKey(KEY)
        .baseUrl(server.baseUrl())
        .readTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(20));
    return ProviderRegistry.load().create(customize.apply(b).build(), context);
  }

  static JsonNode json(RecordedCall call) {
    try {
      return JSON.readTree(call.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
