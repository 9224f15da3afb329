package io.vectornode.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The stub server's own ceiling: a raw socket client sending a pre-encoded request and reading
 * the known response length, no HTTP library, no JSON. One caller (latency) and 64 (throughput).
 */
public class StubCeilingBenchmark {
  /** One keep-alive connection per thread. */
  @State(Scope.Thread)
  public static class Conn {
    Socket socket;
    OutputStream out;
    InputStream in;
    byte[] request;
    byte[] buffer = new byte[65536];
    int responseLength;

    /** Connects and measures one response. */
    @Setup(Level.Trial)
    public void open() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(),
          Integer.parseInt(System.getProperty("stub.port")));
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = socket.getInputStream();
      String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      request = ("POST /small/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body).getBytes(StandardCharsets.US_ASCII);
      responseLength = Payloads.response("application/json", Payloads.chatCompletion(640)).length;
    }

    /** Closes the connection. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      socket.close();
    }

    int roundTrip() {
      try {
        out.write(request);
        out.flush();
        int read = 0;
        while (read < responseLength) {
          int n = in.read(buffer, 0, Math.min(buffer.length, responseLength - read));
          if (n < 0) {
            throw new IOException("stub closed the connection");
          }
          read += n;
        }
        return read;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** @param c the connection @return bytes read */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int latency(Conn c) {
    return c.roundTrip();
  }

  /** @param c the connection @return bytes read */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(64)
  public int throughput(Conn c) {
    return c.roundTrip();
  }
}
