package io.vectornode.config;

import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.Ticker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Decides when a watched config file holds a new content worth applying: its content's hash
 * differs from the one last applied or refused, and two looks at least a quiet period apart saw
 * that same hash (a file rewritten in place is seen empty or half written in between). Which
 * name an event was for does not matter, only the content: a Kubernetes ConfigMap changes by
 * swapping a link the watched name points through.
 *
 * <p>Not thread-safe: its owner calls it under one lock.
 */
final class FileChanges {
  /**
   * What one look at the file saw.
   *
   * @param content its bytes, or null when it could not be read
   * @param hash SHA-256 of the bytes (or of why they could not be read)
   * @param error why it could not be read, or null
   */
  record Snapshot(byte @Nullable [] content, byte[] hash,
      @Nullable ConfigurationException error) {}

  private final Ticker ticker;
  private final long quietNanos;
  private byte[] settled;
  private byte @Nullable [] candidate;
  private long candidateSince;

  FileChanges(Ticker ticker, Duration quietPeriod, byte[] settled) {
    this.ticker = ticker;
    this.quietNanos = quietPeriod.toNanos();
    this.settled = settled;
  }

  /** Reads the file (bounded, through links); a missing or oversized file is a state too. */
  static Snapshot read(Path file) {
    try {
      byte[] content = ConfigLoader.read(file);
      return new Snapshot(content, sha256(content), null);
    } catch (ConfigurationException e) {
      return new Snapshot(null,
          sha256(("unreadable " + e.getMessage()).getBytes(StandardCharsets.UTF_8)), e);
    }
  }

  /**
   * Takes one look's snapshot.
   *
   * @return whether it should be applied now (then call {@link #settle})
   */
  boolean ready(Snapshot s) {
    if (Arrays.equals(s.hash(), settled)) {
      candidate = null; // back to what is in use, or an event for another file
      return false;
    }
    long now = ticker.read();
    if (candidate == null || !Arrays.equals(s.hash(), candidate)) {
      candidate = s.hash();
      candidateSince = now;
      return false;
    }
    return now - candidateSince >= quietNanos;
  }

  /** Records that this content had its chance (applied or refused): not tried until it changes. */
  void settle(Snapshot s) {
    settled = s.hash();
    candidate = null;
  }

  /** @return whether a change waits for its quiet period (the watcher then looks sooner) */
  boolean pending() {
    return candidate != null;
  }

  static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
