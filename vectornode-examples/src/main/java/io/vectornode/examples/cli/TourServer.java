package io.vectornode.examples.cli;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tour's stand-in for the providers: a loopback HTTP server that answers each request with
 * the next queued {@link Reply}, whatever the path. It runs on the JDK's own {@code
 * com.sun.net.httpserver} so that the product jar carries no test framework; tests use the
 * richer {@code ProviderStubServer} of the test fixtures instead. Thread-safe.
 */
final class TourServer implements AutoCloseable {
  private static final Reply NONE_QUEUED = Reply.json(500, "{\"error\":{\"message\":"
      + "\"stub server: no reply queued for this request\",\"type\":\"stub_error\","
      + "\"param\":null,\"code\":null}}");

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  private TourServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on a free loopback port. */
  static TourServer start() {
    // Headers and body leave in two writes; with Nagle's algorithm and delayed ACKs each reply
    // would take ~40 ms more, which the tour's latencies would show. Read once, at first use.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "vectornode-tour-stub");
      t.setDaemon(true); // never keeps the command alive
      return t;
    });
    try {
      HttpServer http = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TourServer s = new TourServer(http, executor);
      http.createContext("/", s::handle);
      http.setExecutor(executor);
      http.start();
      return s;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("could not start the tour's stub server", e);
    }
  }

  /** The base URL of an OpenAI-style API, {@code http://localhost:PORT/v1}. */
  String baseUrl() {
    return rootUrl() + "v1";
  }

  /** The root URL, {@code http://localhost:PORT/}, for providers that add their own path. */
  String rootUrl() {
    return "http://localhost:" + server.getAddress().getPort() + "/";
  }

  /** Queues a reply for the next request. */
  TourServer enqueue(Reply reply) {
    replies.add(requireNonNull(reply, "reply"));
    return this;
  }

  /** How many requests the server has received. */
  int requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      exchange.getRequestBody().readAllBytes(); // a keep-alive connection needs it drained
      requests.incrementAndGet();
      Reply reply = replies.poll();
      if (reply == null) {
        reply = NONE_QUEUED;
      }
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      OutputStream body = exchange.getResponseBody();
      if (reply.events().isEmpty()) {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        body.write(bytes);
        return;
      }
      exchange.sendResponseHeaders(reply.status(), 0); // chunked: each event goes out on its own
      for (int i = 0; i < reply.events().size(); i++) {
        if (i > 0 && !reply.eventDelay().isZero()) {
          pause(reply.eventDelay());
        }
        body.write((reply.events().get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
      }
    } finally {
      exchange.close();
    }
  }

  private static void pause(Duration delay) throws InterruptedIOException {
    try {
      Thread.sleep(delay.toMillis()); // the stub plays a model that writes token by token
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * One scripted reply: a status, headers, and either a plain body or server-sent events (each
   * without its trailing blank line) written {@code eventDelay} apart.
   */
  record Reply(int status, Map<String, String> headers, String body, List<String> events,
      Duration eventDelay) {
    Reply {
      headers = Map.copyOf(headers);
      events = List.copyOf(events);
      requireNonNull(body, "body");
      requireNonNull(eventDelay, "eventDelay");
    }

    /** A JSON reply. */
    static Reply json(int status, String json) {
      return new Reply(status, Map.of("Content-Type", "application/json"), json, List.of(),
          Duration.ZERO);
    }

    /** A 200 server-sent-event stream. */
    static Reply sse(List<String> events) {
      return new Reply(200, Map.of("Content-Type", "text/event-stream; charset=utf-8",
          "Cache-Control", "no-cache"), "", events, Duration.ZERO);
    }

    /** A copy with the header added or replaced. */
    Reply header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return new Reply(status, h, body, events, eventDelay);
    }

    /** A copy that waits this long before each event after the first. */
    Reply eventDelay(Duration delay) {
      return new Reply(status, headers, body, events, delay);
    }
  }
}
