package io.vectornode.routing;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router's default randomness: a {@link Random} that draws from {@link ThreadLocalRandom},
 * so weighted picks on many threads neither contend on one seed nor pay for its atomic update.
 * A seeded {@code java.util.Random} replaces it when a builder asks for reproducible order.
 */
final class FastRandom extends Random {
  private static final long serialVersionUID = 1L;

  /** The default randomness. */
  public FastRandom() {
    super(0L);
  }

  @Override
  public synchronized void setSeed(long seed) {
    // Thread-local: there is no shared seed to set (Random's constructor calls this).
  }

  @Override
  protected int next(int bits) {
    return ThreadLocalRandom.current().nextInt() >>> (32 - bits);
  }

  @Override
  public int nextInt() {
    return ThreadLocalRandom.current().nextInt();
  }

  @Override
  public int nextInt(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  @Override
  public long nextLong() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public double nextDouble() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Override
  public boolean nextBoolean() {
    return ThreadLocalRandom.current().nextBoolean();
  }
}
