package io.vectornode.state;

/**
 * A per-minute limit (requests or tokens per rolling minute) that attempts take from before they
 * are sent. The router's in-memory limits are these; a {@link SharedState} is given them to fall
 * back on. Thread-safe.
 */
public interface RateLimit {
  /**
   * Takes an amount, if the limit has room for it.
   *
   * @param amount requests (1) or estimated tokens
   * @return whether it was taken; when not, nothing was
   */
  boolean tryTake(long amount);

  /**
   * Corrects an amount taken earlier once the real one is known: a positive delta takes more
   * (the limit may go below zero and refuses until it refills), a negative one gives back.
   *
   * @param delta the real amount less the amount taken
   */
  void correct(long delta);
}
