package io.vectornode.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * A local HTTP server that answers like a model provider, from a queue of scripted {@link
 * StubReply}s, on loopback only. Built on OkHttp's MockWebServer.
 *
 * <pre>{@code
 * try (ProviderStubServer server = ProviderStubServer.start()) {
 *   server.enqueue(OpenAiStubs.chat("Hello!"));
 *   // point a provider at server.baseUrl() ...
 *   RecordedCall call = server.takeRequest();
 * }
 * }</pre>
 *
 * <p>Replies are served in order, one per request; a request with none queued gets a 500 that
 * says so. Thread-safe.
 */
public final class ProviderStubServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final java.util.concurrent.Semaphore disconnects = new java.util.concurrent.Semaphore(0);

  private final java.util.concurrent.BlockingQueue<MockResponse> replies =
      new java.util.concurrent.LinkedBlockingQueue<>();

  private ProviderStubServer() {
    // Nagle's algorithm plus delayed ACKs would add ~40 ms to every response written in two
    // segments (headers, then body): answer at loopback speed instead.
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse next = replies.poll();
        if (next != null) {
          return next;
        }
        return new MockResponse.Builder().code(500)
            .setHeader("Content-Type", "application/json")
            .body("{\"error\":{\"message\":\"stub server: no reply queued for this request\","
                + "\"type\":\"stub_error\",\"param\":null,\"code\":null}}")
            .build();
      }
    });
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @return the running server
   */
  public static ProviderStubServer start() {
    ProviderStubServer s = new ProviderStubServer();
    try {
      s.server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the stub server", e);
    }
    return s;
  }

  /** @return the base URL of an OpenAI-style API, {@code http://127.0.0.1:PORT/v1} */
  public String baseUrl() {
    return server.url("/v1").toString();
  }

  /** @return the server's root URL, {@code http://127.0.0.1:PORT/} */
  public String rootUrl() {
    return server.url("/").toString();
  }

  /** @return the port */
  public int port() {
    return server.getPort();
  }

  /**
   * Queues a reply for the next request.
   *
   * @param reply the reply
   * @return this server
   */
  public ProviderStubServer enqueue(StubReply reply) {
    replies.add(toMockResponse(requireNonNull(reply, "reply")));
    return this;
  }

  /** @return how many requests the server has received */
  public int requestCount() {
    return server.getRequestCount();
  }

  /**
   * Takes the oldest request received, waiting up to 10 seconds for one.
   *
   * @return the request
   * @throws AssertionError if none arrives
   */
  public RecordedCall takeRequest() {
    RecordedRequest r;
    try {
      r = server.takeRequest(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a request", e);
    }
    if (r == null) {
      throw new AssertionError("the stub server received no request within 10 seconds");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < r.getHeaders().size(); i++) {
      headers.put(r.getHeaders().name(i).toLowerCase(Locale.ROOT), r.getHeaders().value(i));
    }
    String body = r.getBody() == null ? "" : r.getBody().utf8();
    return new RecordedCall(r.getMethod(), r.getTarget(), headers, body);
  }

  /**
   * Waits until a client hangs up on a {@link StubReply#keepAliveAfterEvents} reply: proof that
   * closing a stream really cancelled the HTTP call.
   *
   * @param timeout the longest wait
   * @return whether a disconnect was seen in time
   */
  public boolean awaitClientDisconnect(java.time.Duration timeout) {
    try {
      return disconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.close();
  }

  private MockResponse toMockResponse(StubReply reply) {
    MockResponse.Builder b = new MockResponse.Builder().code(reply.status);
    if (reply.stallMode == 3) {
      return b.onResponseStart(new mockwebserver3.SocketEffect.CloseSocket(true, false, false))
          .build();
    }
    reply.headers.forEach(b::setHeader);
    if (!reply.headersDelay.isZero()) {
      b.headersDelay(reply.headersDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (reply.sse && reply.disconnectAfterEvents >= 0 && reply.stallMode == 0) {
      // MockWebServer closes the socket once half of the declared body is written: declare twice
      // the bytes of the events to send, so the cut falls exactly after them.
      SseBody cut = new SseBody(reply, closing, disconnects);
      b.body(cut.truncated());
      b.onResponseBody(new mockwebserver3.SocketEffect.CloseSocket(true, false, false));
    } else if (reply.sse) {
      b.body(new SseBody(reply, closing, disconnects));
    } else {
      byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
      if (reply.chunkSize > 0) {
        b.body(new SseBody(reply, closing, disconnects));
      } else {
        b.body(reply.body);
      }
      if (bytes.length == 0 && reply.status == 204) {
        b.removeHeader("Content-Type");
      }
    }
    return b.build();
  }

  /** Server sockets whose accepted connections have TCP_NODELAY set. */
  private static final class NoDelayServerSocketFactory extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new java.net.ServerSocket() {
        @Override
        public java.net.Socket accept() throws IOException {
          java.net.Socket s = super.accept();
          s.setTcpNoDelay(true);
          return s;
        }
      };
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog,
        java.net.InetAddress address) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }

  /** Writes events one by one, with the reply's delays and faults. */
  private static final class SseBody implements MockResponseBody {
    private final StubReply reply;
    private final byte[][] frames;
    private final long length;
    private final CountDownLatch closing;
    private final java.util.concurrent.Semaphore disconnects;

    SseBody(StubReply reply, CountDownLatch closing, java.util.concurrent.Semaphore disconnects) {
      this.reply = reply;
      this.closing = closing;
      this.disconnects = disconnects;
      if (reply.binary != null) {
        frames = reply.binary.frames().toArray(new byte[0][]);
      } else if (reply.sse) {
        frames = new byte[reply.events.size()][];
        for (int i = 0; i < frames.length; i++) {
          String frame = reply.events.get(i).replace("\n", reply.lineEnding)
              + reply.lineEnding + reply.lineEnding;
          frames[i] = frame.getBytes(StandardCharsets.UTF_8);
        }
      } else {
        frames = new byte[][] {reply.body.getBytes(StandardCharsets.UTF_8)};
      }
      long total = 0;
      for (byte[] f : frames) {
        total += f.length;
      }
      length = total;
    }

    @Override
    public long getContentLength() {
      return length;
    }

    /** The first events, declared as twice their length and padded, to be cut after them. */
    MockResponseBody truncated() {
      okio.Buffer prefix = new okio.Buffer();
      for (int i = 0; i < Math.min(reply.disconnectAfterEvents, frames.length); i++) {
        prefix.write(frames[i]);
      }
      long size = prefix.size();
      return new MockResponseBody() {
        @Override
        public long getContentLength() {
          return Math.max(2, size * 2);
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
          for (int i = 0; i < Math.min(reply.disconnectAfterEvents, frames.length); i++) {
            if (i > 0 && !reply.eventDelay.isZero()) {
              pause(reply.eventDelay.toMillis());
            }
            write(sink, frames[i]);
          }
          byte[] padding = new byte[(int) Math.max(2, size * 2) - (int) size];
          java.util.Arrays.fill(padding, (byte) ':');
          sink.write(padding);
          sink.flush();
        }
      };
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      int limit = reply.disconnectAfterEvents >= 0
          ? Math.min(reply.disconnectAfterEvents, frames.length) : frames.length;
      for (int i = 0; i < limit; i++) {
        if (i > 0 && !reply.eventDelay.isZero()) {
          pause(reply.eventDelay.toMillis());
        }
        write(sink, frames[i]);
      }
      if (reply.stallMode == 2) {
        byte[] ping = reply.binary != null ? reply.binary.keepAlive()
            : (":" + reply.lineEnding + reply.lineEnding).getBytes(StandardCharsets.UTF_8);
        try {
          while (!awaitClosing(25)) {
            write(sink, ping);
          }
        } catch (IOException clientGone) {
          disconnects.release();
          throw clientGone;
        }
        return;
      }
      if (reply.stallMode == 1) {
        sink.flush();
        awaitClosing(60_000);
      }
      if (limit < frames.length || reply.stallMode != 0) {
        sink.flush();
        // Fewer bytes than Content-Length were sent: the client sees a truncated body.
        throw new IOException("stub server: connection dropped after " + limit + " events");
      }
    }

    private boolean awaitClosing(long millis) throws InterruptedIOException {
      try {
        return closing.await(millis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }

    private void write(BufferedSink sink, byte[] frame) throws IOException {
      int step = reply.chunkSize > 0 ? reply.chunkSize : frame.length;
      for (int off = 0; off < frame.length; off += step) {
        sink.write(frame, off, Math.min(step, frame.length - off));
        sink.flush();
      }
    }

    private static void pause(long millis) throws InterruptedIOException {
      try {
        Thread.sleep(millis); // the stub plays a slow server; tests never sleep themselves
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
  }
}
