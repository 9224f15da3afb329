package io.vectornode.benchmarks;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.budget.BudgetStore;
import io.vectornode.redis.RedisState;
import io.vectornode.state.Admission;
import io.vectornode.state.AdmissionRequest;
import io.vectornode.state.RateLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The loopback Redis's own round trip, one caller, for comparison with what the router adds:
 * {@code raw-ping} (PING on a plain blocking socket: the wire and the server, no client
 * library), {@code lettuce-ping} and {@code lettuce-evalsha} (PING, and EVALSHA of
 * {@code return 1}, through Lettuce set up as {@link RedisState} sets it up, awaited on the
 * calling thread as the state awaits an admission), and {@code state-admit} (the admission the
 * router makes for each attempt, {@link RedisState#admit} with one per-minute take and one
 * budget hold, then its settlement sent off the calling thread, without HTTP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisRttBenchmark {
  @Param({"raw-ping", "lettuce-ping", "lettuce-evalsha", "state-admit"})
  public String probe;

  private static final byte[] PING = BenchRedis.encode("PING");

  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] pong = new byte[7];

  private ClientResources resources;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private String sha;
  private static final String[] NO_KEYS = new String[0];

  private RedisState state;
  private AdmissionRequest request;
  private static final BigDecimal WORST = new BigDecimal("0.0000700");

  /** Connects as the probe needs. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int port = BenchRedis.configuredPort();
    switch (probe) {
      case "raw-ping" -> {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
      }
      case "lettuce-ping", "lettuce-evalsha" -> {
        // As RedisState: two I/O and two computation threads, no auto-reconnect.
        resources = DefaultClientResources.builder().ioThreadPoolSize(2)
            .computationThreadPoolSize(2).build();
        client = RedisClient.create(resources, RedisURI.create(BenchRedis.uri(port)));
        client.setOptions(ClientOptions.builder().autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        connection = client.connect();
        sha = connection.sync().scriptLoad("return 1");
      }
      case "state-admit" -> {
        state = StateRouter.state(port);
        Budget budget = Budget.of("fleet-daily", BudgetScope.global(), Budget.Period.DAY,
            StateRouter.BUDGET_USD);
        RateLimit local = new RateLimit() {
          @Override
          public boolean tryTake(long amount) {
            return true;
          }

          @Override
          public void correct(long delta) {}
        };
        BudgetStore store = BudgetStore.inMemory(java.time.Clock.systemUTC(), e -> { });
        request = new AdmissionRequest("one", "a", "k0123456",
            List.of(new AdmissionRequest.Take("one/rpm", StateRouter.RPM, 1, local)),
            List.of(new AdmissionRequest.Hold(budget, WORST, Duration.ofSeconds(70))), store);
      }
      default -> throw new IllegalArgumentException(probe);
    }
  }

  /** Closes what the probe opened. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (socket != null) {
      socket.close();
    }
    if (connection != null) {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
    if (state != null) {
      state.close();
    }
  }

  /** @return what Redis answered */
  @Benchmark
  public Object roundTrip() throws Exception {
    switch (probe) {
      case "raw-ping": {
        out.write(PING);
        out.flush();
        int n = 0;
        while (n < pong.length) {
          int r = in.read(pong, n, pong.length - n);
          if (r < 0) {
            throw new UncheckedIOException(new IOException("redis closed the connection"));
          }
          n += r;
        }
        return pong;
      }
      case "lettuce-ping":
        return connection.async().ping().get(1, TimeUnit.SECONDS);
      case "lettuce-evalsha":
        return connection.async().<Long>evalsha(sha, ScriptOutputType.INTEGER, NO_KEYS)
            .get(1, TimeUnit.SECONDS);
      default: {
        Admission a = state.admit(request);
        if (!a.admitted()) {
          throw new IllegalStateException("refused: " + a);
        }
        for (BudgetStore.Reservation r : a.reservations()) {
          r.settle(WORST);
        }
        return a;
      }
    }
  }
}
