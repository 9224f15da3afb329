package io.vectornode.routing;

import io.vectornode.budget.BudgetStatus;

import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordingModelCallListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Stub servers, virtual time and a recording listener for router tests. */
abstract class RouterTestSupport {
  ManualTime time;
  RecordingModelCallListener listener;
  private final List<ProviderStubServer> servers = new ArrayList<>();
  private final List<ModelClient> clients = new ArrayList<>();

  @BeforeEach
  void setUpRouter() {
    LogCapture.clear();
    time = ManualTime.create();
    listener = new RecordingModelCallListener();
  }

  @AfterEach
  void tearDownRouter() {
    clients.forEach(ModelClient::close);
    servers.forEach(ProviderStubServer::close);
  }

  ProviderStubServer server() {
    ProviderStubServer s = ProviderStubServer.start();
    servers.add(s);
    return s;
  }

  /** A builder on virtual time (ticker, clock and backoff sleeps) with a seeded random. */
  VectorNode.Builder builder() {
    return VectorNode.builder().ticker(time).clock(time.clock()).sleeper(time).seed(42)
        .listener(listener);
  }

  ModelClient build(VectorNode.Builder b) {
    ModelClient c = b.build();
    clients.add(c);
    return c;
  }

  /** An {@code openai} provider instance named {@code name} on a stub server. */
  static ProviderConfig openai(String name, ProviderStubServer s) {
    return ProviderConfig.builder(name).type("openai").apiKey("sk-" + name + "-key-0123456789")
        .baseUrl(s.baseUrl()).readTimeout(Duration.ofSeconds(5)).build();
  }

  static int requests(ProviderStubServer... all) {
    int n = 0;
    for (ProviderStubServer s : all) {
      n += s.requestCount();
    }
    return n;
  }

  /** The named deployment's breaker, through the public client type. */
  static DeploymentHealth.Breaker breaker(ModelClient c, String deployment) {
    return ((VectorNodeClient) c).deployments().stream()
        .filter(d -> d.name().equals(deployment)).findFirst().orElseThrow().breaker();
  }

  /** The named budget's status, through the public client type. */
  static BudgetStatus budget(ModelClient c, String name) {
    return ((VectorNodeClient) c).budgets().stream()
        .filter(b -> b.budget().name().equals(name)).findFirst().orElseThrow();
  }
}
