package io.vectornode.providers.wire;

import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * A response body that may yield at most a given number of bytes: one more fails the read with
 * {@link LimitExceeded}, before the bytes are buffered. Counts what the body yields, that is
 * after OkHttp's transparent decompression, so a compressed bomb is bounded too.
 *
 * <p>Not thread-safe (a body is read by one thread at a time).
 */
final class BoundedSource extends ForwardingSource {
  private final long limit;
  private long read;

  BoundedSource(Source delegate, long limit) {
    super(delegate);
    this.limit = limit;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long allowed = limit - read;
    if (allowed <= 0) {
      // One byte past the limit tells a body of exactly the limit from a longer one.
      Buffer probe = new Buffer();
      if (super.read(probe, 1) == -1) {
        return -1;
      }
      throw new LimitExceeded("the response body is larger than " + limit
          + " bytes (maxResponseBytes)");
    }
    long n = super.read(sink, Math.min(byteCount, allowed));
    if (n > 0) {
      read += n;
    }
    return n;
  }

  /** A body, a line or an event went past its configured bound. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }
}
