package io.vectornode.usage;

import io.vectornode.ModelCallListener;

/**
 * Somewhere usage records go, created from a config's {@code ledger.<type>} block by a {@link
 * UsageSinkFactory}: a listener that is closed with the client. A sink must honour the listener
 * contract: {@link #onCallEnd} is fast, never blocks on a remote system, and never throws.
 */
public interface UsageSink extends ModelCallListener, AutoCloseable {
  /** Flushes what it holds (or keeps it for the next start), in bounded time; never throws. */
  @Override
  void close();
}
