package io.vectornode.providers.hostile;

import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.testing.HostileServer;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.RecordingModelCallListener;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A hostile server per test, a recording listener, and clients of each provider type on it. */
abstract class HostileSupport {
  HostileServer server;
  ProviderContext context;
  RecordingModelCallListener listener;

  @BeforeEach
  void startHostile() {
    LogCapture.clear();
    server = HostileServer.start();
    listener = new RecordingModelCallListener();
    context = ProviderContext.builder().listener(listener).build();
  }

  @AfterEach
  void stopHostile() {
    context.resources().close();
    server.close();
  }

  static List<Targets.Target> targets() {
    return Targets.ALL;
  }

  ModelClient client(Targets.Target t) {
    return client(t, b -> b);
  }

  ModelClient client(Targets.Target t, UnaryOperator<ProviderConfig.Builder> more) {
    return t.client(context, server.rootUrl(), server.baseUrl(), more);
  }
}
