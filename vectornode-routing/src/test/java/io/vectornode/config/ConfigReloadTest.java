package io.vectornode.config;

import io.vectornode.routing.VectorNodeClient;

import io.vectornode.usage.UsageMeter;

import io.vectornode.testing.ProviderStubServer;

import io.vectornode.testing.OpenAiStubs;

import io.vectornode.routing.VectorNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vectornode.ChatRequest;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ManualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Issue 10, items 16 and 17: a config rewritten in place is applied only whole and valid, a
 * reload that drops what traffic uses says so (or is refused when it drops everything), and a
 * Kubernetes ConfigMap's {@code ..data} swap is followed.
 */
class ConfigReloadTest {
  private static final Duration QUIET = Duration.ofMillis(500);

  @TempDir Path dir;
  private final ManualTime time = ManualTime.create();

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  private static String config(String reply) {
    return """
        providers:
          a: { type: fake, options: { reply: "%s" } }
        models:
          m: { provider: a, model: x }
          n: { provider: a, model: y }
          o: { provider: a, model: z }
        routes:
          r: { targets: [m] }
        """.formatted(reply);
  }

  private ReloadingClient client(Path f) {
    return new ReloadingClient(f, List.of(), Map.<String, String>of()::get, time, QUIET,
        Duration.ofSeconds(5));
  }

  private Path write(String text) throws IOException {
    Path f = dir.resolve("live.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static long warnings(String containing) {
    return LogCapture.lines().stream()
        .filter(l -> l.level() == Level.WARN && l.message().contains(containing)).count();
  }

  @Test
  void checkFile_truncateThenWrite_appliesOnlyTheWholeFileOnceStable() throws IOException {
    Path f = write(config("A"));
    try (ReloadingClient c = client(f)) {
      assertThat(c.chat("m", "hi").text()).isEqualTo("A");
      String b = config("B");
      // What a reader sees while an editor or `cat >` rewrites the file in place.
      for (String partial : new String[] {"", b.substring(0, b.indexOf("models:")),
          b.substring(0, b.length() - 9)}) {
        Files.writeString(f, partial);
        assertThat(c.checkFile()).as("half written: %s", partial).isFalse();
        time.advance(Duration.ofMillis(10));
      }
      Files.writeString(f, b);
      assertThat(c.checkFile()).isFalse(); // the first look at the whole file
      time.advance(QUIET.minusMillis(1));
      assertThat(c.checkFile()).isFalse(); // not quiet for long enough yet
      time.advance(Duration.ofMillis(1));
      assertThat(c.checkFile()).isTrue();
      assertThat(c.generation()).isEqualTo(2);
      assertThat(c.chat("m", "hi").text()).isEqualTo("B");
      assertThat(c.checkFile()).isFalse(); // the same content: nothing to do
      assertThat(c.generation()).isEqualTo(2);
      assertThat(warnings("reload")).as("no half was ever loaded").isZero();
    }
  }

  @Test
  void checkFile_emptyFileThatStays_isNeverApplied_andLoggedOnce() throws IOException {
    Path f = write(config("A"));
    try (ReloadingClient c = client(f)) {
      Files.writeString(f, "");
      assertThat(c.checkFile()).isFalse();
      time.advance(QUIET);
      assertThat(c.checkFile()).isFalse();
      assertThat(c.lastReloadError()).get().asString().contains("live.yaml")
          .contains("must be a mapping");
      time.advance(Duration.ofMinutes(1));
      assertThat(c.checkFile()).isFalse(); // the same bad content is not tried again
      assertThat(warnings("keeping the previous config")).isEqualTo(1);
      assertThat(c.generation()).isEqualTo(1);
      assertThat(c.chat("m", "hi").text()).isEqualTo("A");
    }
  }

  @Test
  void checkFile_stablePrefixWithoutModels_whileModelsServeCalls_isRefused() throws IOException {
    Path f = write(config("A"));
    try (ReloadingClient c = client(f)) {
      assertThat(c.chat("m", "hi").text()).isEqualTo("A");
      String b = config("B");
      Files.writeString(f, b.substring(0, b.indexOf("models:"))); // the writer stalls here
      assertThat(c.checkFile()).isFalse();
      time.advance(QUIET);
      assertThat(c.checkFile()).isFalse();
      assertThat(c.lastReloadError()).get().asString()
          .contains("no models and no routes").contains("[m]");
      assertThat(c.chat("m", "hi").text()).isEqualTo("A");
      Files.writeString(f, b); // the writer finishes
      assertThat(c.checkFile()).isFalse();
      time.advance(QUIET);
      assertThat(c.checkFile()).isTrue();
      assertThat(c.chat("m", "hi").text()).isEqualTo("B");
    }
  }

  @Test
  void reload_emptyModelsAndRoutes_whileTheyServeCalls_isRefused() throws IOException {
    Path f = write(config("A"));
    try (ReloadingClient c = client(f)) {
      c.chat(ChatRequest.builder().task("r").user("hi").build());
      Files.writeString(f, "providers: {a: {type: fake}}\nmodels: {}\nroutes: {}\n");
      assertThat(c.reload()).isFalse();
      assertThat(c.lastReloadError()).get().asString().contains("[r]");
      Files.writeString(f, "providers: {a: {type: fake}}\nmodels: []\n");
      assertThat(c.reload()).isFalse();
      assertThat(c.lastReloadError()).get().asString().contains("models")
          .contains("must be a mapping");
      assertThat(c.generation()).isEqualTo(1);
      assertThat(c.chat(ChatRequest.builder().task("r").user("hi").build()).text())
          .isEqualTo("A");
    }
  }

  @Test
  void reload_removingModelsAndRoutesInUse_warnsNamingThem() throws IOException {
    Path f = write(config("A"));
    try (ReloadingClient c = client(f)) {
      c.chat("m", "hi");
      c.chat(ChatRequest.builder().task("r").user("hi").build());
      Files.writeString(f, """
          providers: {a: {type: fake}}
          models: {n: {provider: a, model: y}, o: {provider: a, model: z}}
          """);
      assertThat(c.reload()).isTrue();
      assertThat(LogCapture.lines()).anySatisfy(l -> {
        assertThat(l.level()).isEqualTo(Level.WARN);
        assertThat(l.message()).contains("live.yaml").contains("removes [m, r]")
            .contains("generation 1");
      });
      LogCapture.clear();
      Files.writeString(f, "providers: {a: {type: fake}}\nmodels: {n: {provider: a, model: y}}\n");
      assertThat(c.reload()).isTrue(); // 'o' served nothing: said at INFO only
      assertThat(warnings("")).isZero();
      assertThat(LogCapture.lines()).anySatisfy(l ->
          assertThat(l.message()).contains("removed, unused: [o]"));
    }
  }

  /**
   * A directory laid out as the kubelet lays out a ConfigMap volume: {@code config.yaml ->
   * ..data/config.yaml}, {@code ..data -> ..<timestamp>}, updated by renaming a new {@code
   * ..data_tmp} link over {@code ..data} and deleting the old timestamped directory.
   */
  private static final class ConfigMapVolume {
    private final Path dir;
    private int version;
    private Path published;

    ConfigMapVolume(Path dir) {
      this.dir = dir;
    }

    Path file() {
      return dir.resolve("config.yaml");
    }

    void publish(String content) throws IOException {
      version++;
      Path ts = dir.resolve("..2026_11_29_09_30_00." + String.format("%09d", version));
      Files.createDirectory(ts);
      Files.writeString(ts.resolve("config.yaml"), content);
      Path tmp = dir.resolve("..data_tmp");
      Files.createSymbolicLink(tmp, ts.getFileName());
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      if (published == null) {
        Files.createSymbolicLink(file(), Path.of("..data", "config.yaml"));
      } else {
        Files.delete(published.resolve("config.yaml"));
        Files.delete(published);
      }
      published = ts;
    }
  }

  @Test
  void checkFile_kubernetesConfigMap30Swaps_followsEveryOne() throws IOException {
    ConfigMapVolume volume = new ConfigMapVolume(dir);
    volume.publish(config("gen 1"));
    try (ReloadingClient c = client(volume.file())) {
      for (int gen = 2; gen <= 31; gen++) {
        volume.publish(config("gen " + gen));
        assertThat(c.checkFile()).isFalse();
        time.advance(QUIET);
        assertThat(c.checkFile()).as("swap to generation %d", gen).isTrue();
        assertThat(c.generation()).isEqualTo(gen);
        assertThat(c.chat("m", "hi").text()).isEqualTo("gen " + gen);
      }
    }
  }

  @Test
  void watcherThread_configMapSwap_isSeenThroughTheDirectoryEvents() throws IOException {
    ConfigMapVolume volume = new ConfigMapVolume(dir);
    volume.publish(config("gen 1"));
    // No periodic look for an hour: only the events in the directory can wake the watcher.
    try (ReloadingClient c = new ReloadingClient(volume.file(), List.of(),
        Map.<String, String>of()::get, io.vectornode.spi.Ticker.system(), Duration.ofMillis(50),
        Duration.ofHours(1))) {
      c.startWatching();
      volume.publish(config("gen 2"));
      await(() -> c.generation() == 2);
      assertThat(c.chat("m", "hi").text()).isEqualTo("gen 2");
    }
  }

  @Test
  void watch_configMapSwap_isApplied() throws IOException {
    ConfigMapVolume volume = new ConfigMapVolume(dir);
    volume.publish(config("gen 1"));
    try (VectorNodeClient c = VectorNode.watch(volume.file())) {
      volume.publish(config("gen 2"));
      await(() -> c.generation() == 2);
      assertThat(c.chat("m", "hi").text()).isEqualTo("gen 2");
    }
  }

  /** Waits for a condition the watcher thread brings about, re-checking it, up to 20 s. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("the condition did not hold within 20 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static String openAiConfig(ProviderStubServer s, String model) {
    return """
        providers:
          openai: { apiKey: sk-live-0123456789, baseUrl: %s }
        models:
          m: { provider: openai, model: %s }
        budgets:
          all: { period: day, limit: 5 }
        logging: { calls: true }
        """.formatted(s.baseUrl(), model);
  }

  @Test
  void hotReload_swapsGoodEdits_keepsBadOnes_andCallsInFlightFinishOnTheOldConfig()
      throws Exception {
    ProviderStubServer s = ProviderStubServer.start();
    Path f = write(openAiConfig(s, "gpt-4o-mini"));
    var meter = UsageMeter.create();
    try (ReloadingClient c = new ReloadingClient(f, List.of(meter),
        Map.<String, String>of()::get)) {
      s.enqueue(OpenAiStubs.stream("old ", "config").keepAliveAfterEvents(2));
      var inFlight = c.stream(ChatRequest.builder().model("m").user("hi").build());
      var it = inFlight.iterator();
      assertThat(it.next()).isEqualTo(new io.vectornode.StreamEvent.TextDelta("old "));

      Files.writeString(f, openAiConfig(s, "gpt-4o"));
      assertThat(c.reload()).isTrue();
      assertThat(c.generation()).isEqualTo(2);
      s.enqueue(OpenAiStubs.chat("new config"));
      assertThat(c.chat("m", "hi").text()).isEqualTo("new config");
      s.takeRequest();
      assertThat(s.takeRequest().body()).contains("\"model\":\"gpt-4o\"");

      Files.writeString(f, "providers: [this is: not valid");
      LogCapture.clear();
      assertThat(c.reload()).isFalse();
      assertThat(c.lastReloadError()).get().asString().contains("live.yaml");
      assertThat(LogCapture.lines()).anySatisfy(l ->
          assertThat(l.message()).contains("keeping the previous config"));
      s.enqueue(OpenAiStubs.chat("still the new config"));
      assertThat(c.chat("m", "hi").text()).isEqualTo("still the new config");

      inFlight.close(); // the first generation closes once its last call ends
      assertThat(meter.snapshot().rows()).singleElement()
          .satisfies(r -> assertThat(r.calls()).isEqualTo(3));
    } finally {
      s.close();
    }
  }
}
