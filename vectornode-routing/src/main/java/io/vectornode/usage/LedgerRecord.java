package io.vectornode.usage;

import static java.util.Objects.requireNonNull;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One logical call as the usage ledger records it: every field of a JSONL ledger line, with its
 * attempts. The one place where a {@link CallEndEvent} becomes a ledger line ({@link #of}, {@link
 * #toJson}) and a line becomes a record again ({@link #parse}, {@link #readAll}): the {@link
 * UsageLedger} writes with it, and so does any other sink that keeps ledger lines (a database
 * sink's local spool), so that they all write, and read back, exactly the same format.
 *
 * <pre>{@code
 * LedgerRecord r = LedgerRecord.of(event, clock.instant());
 * String line = r.toJson();                                   // {"ts":"...","requestId":...}
 * LedgerRecord back = LedgerRecord.parse(line).orElseThrow(); // equal to r
 * }</pre>
 *
 * <p>A line is untrusted when it is read back (a file may be corrupt or hostile): {@link #parse}
 * refuses anything that is not a whole record of the expected shape (see there) and never holds
 * more than the line. Immutable and thread-safe.
 *
 * @param ts when the call ended (when the sink stamped it)
 * @param requestId the call's id, not blank
 * @param task the request's task, or null
 * @param tags the request's tags
 * @param provider the provider of the final attempt, or null when none was called
 * @param model the model of the final attempt, or null
 * @param outcome how the call ended
 * @param error the simple class name of the call's error, or null
 * @param latencyMs from the call's start to its end, in milliseconds
 * @param ttftMs from the call's start to its first content, in milliseconds, or null
 * @param usage tokens over all attempts
 * @param cost cost over all attempts (unknown when any attempt's was)
 * @param attempts every attempt, in order
 * @param cacheHit whether a response cache answered the call (no attempts, cost $0); written as
 *     {@code "cacheHit":true} only when true
 * @param operation what kind of call; written as {@code "operation":"embedding"} for an
 *     embedding call only (a line without it is a chat call, as every older line is)
 */
public record LedgerRecord(
    Instant ts,
    String requestId,
    @Nullable String task,
    Map<String, String> tags,
    @Nullable String provider,
    @Nullable String model,
    CallOutcome outcome,
    @Nullable String error,
    long latencyMs,
    @Nullable Long ttftMs,
    Usage usage,
    Cost cost,
    List<Attempt> attempts,
    boolean cacheHit,
    io.vectornode.Operation operation) {

  /**
   * A record of a chat call.
   *
   * @param ts when the call ended
   * @param requestId the call's id, not blank
   * @param task the request's task, or null
   * @param tags the request's tags
   * @param provider the provider of the final attempt, or null
   * @param model the model of the final attempt, or null
   * @param outcome how the call ended
   * @param error the simple class name of the call's error, or null
   * @param latencyMs from the call's start to its end, in milliseconds
   * @param ttftMs from the call's start to its first content, in milliseconds, or null
   * @param usage tokens over all attempts
   * @param cost cost over all attempts
   * @param attempts every attempt, in order
   * @param cacheHit whether a response cache answered the call
   */
  public LedgerRecord(Instant ts, String requestId, @Nullable String task,
      Map<String, String> tags, @Nullable String provider, @Nullable String model,
      CallOutcome outcome, @Nullable String error, long latencyMs, @Nullable Long ttftMs,
      Usage usage, Cost cost, List<Attempt> attempts, boolean cacheHit) {
    this(ts, requestId, task, tags, provider, model, outcome, error, latencyMs, ttftMs, usage,
        cost, attempts, cacheHit, io.vectornode.Operation.CHAT);
  }

  /**
   * A record of a call that no cache answered.
   *
   * @param ts when the call ended
   * @param requestId the call's id, not blank
   * @param task the request's task, or null
   * @param tags the request's tags
   * @param provider the provider of the final attempt, or null
   * @param model the model of the final attempt, or null
   * @param outcome how the call ended
   * @param error the simple class name of the call's error, or null
   * @param latencyMs from the call's start to its end, in milliseconds
   * @param ttftMs from the call's start to its first content, in milliseconds, or null
   * @param usage tokens over all attempts
   * @param cost cost over all attempts
   * @param attempts every attempt, in order
   */
  public LedgerRecord(Instant ts, String requestId, @Nullable String task,
      Map<String, String> tags, @Nullable String provider, @Nullable String model,
      CallOutcome outcome, @Nullable String error, long latencyMs, @Nullable Long ttftMs,
      Usage usage, Cost cost, List<Attempt> attempts) {
    this(ts, requestId, task, tags, provider, model, outcome, error, latencyMs, ttftMs, usage,
        cost, attempts, false);
  }

  /** The longest line {@link #readAll} reads (1 MiB); a record is well under 4 KB. */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** The most attempts a line read back may hold; the router makes far fewer. */
  public static final int MAX_ATTEMPTS = 1_000;

  /** Validates and copies. */
  public LedgerRecord {
    requireNonNull(ts, "ts");
    requireNonNull(requestId, "requestId");
    if (requestId.isBlank()) {
      throw new IllegalArgumentException("requestId: must not be blank");
    }
    tags = Map.copyOf(tags);
    requireNonNull(outcome, "outcome");
    requireNonNull(usage, "usage");
    requireNonNull(cost, "cost");
    attempts = List.copyOf(attempts);
    requireNonNull(operation, "operation");
  }

  /**
   * One attempt of the call.
   *
   * @param n its number within the call, from 1
   * @param deployment the deployment, or null when the provider was called directly
   * @param provider the provider called (null only in a line written by something else)
   * @param model the model requested (null only in a line written by something else)
   * @param keyId the key's id ({@code key-xxxxxxxx}), never the key, or null
   * @param outcome how it ended
   * @param error the simple class name of its error, or null
   * @param reason why the router moved on after it ({@code retry}, {@code fallback}...), or null
   * @param localState whether this instance's own limits admitted it (the fleet's shared state
   *     was unreachable)
   * @param latencyMs from its start to its end, in milliseconds
   * @param ttftMs from its start to its first content, in milliseconds, or null
   * @param usage the tokens it reported
   * @param cost what it cost
   */
  public record Attempt(
      int n,
      @Nullable String deployment,
      @Nullable String provider,
      @Nullable String model,
      @Nullable String keyId,
      CallOutcome outcome,
      @Nullable String error,
      @Nullable String reason,
      boolean localState,
      long latencyMs,
      @Nullable Long ttftMs,
      Usage usage,
      Cost cost) {
    /** Validates. */
    public Attempt {
      requireNonNull(outcome, "outcome");
      requireNonNull(usage, "usage");
      requireNonNull(cost, "cost");
    }
  }

  /**
   * The record of a call that ended.
   *
   * @param e the call's end
   * @param ts the time to stamp it with (the sink's clock)
   * @return the record
   */
  public static LedgerRecord of(CallEndEvent e, Instant ts) {
    List<Attempt> attempts = new ArrayList<>(e.attempts().size());
    for (AttemptEvent a : e.attempts()) {
      attempts.add(new Attempt(a.attempt(), a.deployment(), a.provider(), a.model(), a.keyId(),
          a.outcome(), a.errorType(), a.reason(), a.localState(), a.latency().toMillis(),
          millis(a.timeToFirstToken()), a.usage(), a.cost()));
    }
    return new LedgerRecord(ts, e.requestId(), e.task(), e.tags(), e.provider(), e.model(),
        e.outcome(), e.errorType(), e.latency().toMillis(), millis(e.timeToFirstToken()),
        e.usage(), e.cost(), attempts, e.cacheHit(), e.operation());
  }

  private static @Nullable Long millis(@Nullable Duration d) {
    return d == null ? null : d.toMillis();
  }

  /** @return the deployment of the final attempt, or null */
  public @Nullable String deployment() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).deployment();
  }

  /** @return the key id of the final attempt, or null */
  public @Nullable String keyId() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).keyId();
  }

  /**
   * The ledger line: one JSON object, without the newline. Holds key ids, never keys, and no
   * prompt or completion text.
   *
   * @return the line
   */
  public String toJson() {
    return LedgerJson.write(this, false);
  }

  /**
   * The line as a ledger file holds it: {@link #toJson()} and a newline, in UTF-8.
   *
   * @return the bytes
   */
  public byte[] toLine() {
    return LedgerJson.write(this, true).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Reads a ledger line back. Refused (empty): anything but one JSON object holding at least
   * {@code ts}, {@code requestId} and {@code outcome}; bad JSON; nesting deeper than 16; a
   * number longer than 64 digits; a negative count; a time outside years 1 to 9999; a known cost
   * that is not a decimal of at most 40 digits and scale 30; more than {@link #MAX_ATTEMPTS}
   * attempts; a second value after the object. Unknown fields are skipped.
   *
   * @param line the line, without its newline
   * @return the record, or empty when the line is not a whole record
   */
  public static Optional<LedgerRecord> parse(String line) {
    requireNonNull(line, "line");
    byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Optional.ofNullable(LedgerJson.read(b, 0, b.length));
  }

  /**
   * What {@link #readAll} read.
   *
   * @param records the whole records delivered
   * @param skipped the lines that were not whole records (blank lines are not counted)
   */
  public record Count(long records, long skipped) {}

  /**
   * Reads every line of a stream (a ledger or spool file) in bounded memory: a 64 KB buffer and
   * one line of at most {@link #MAX_LINE_BYTES}; a longer line is skipped without being held.
   *
   * @param in the stream, read to its end and not closed here
   * @param action receives each whole record, in order; what it throws ends the read
   * @return how many lines were records and how many were skipped
   * @throws IOException when the stream fails
   */
  public static Count readAll(InputStream in, Consumer<? super LedgerRecord> action)
      throws IOException {
    requireNonNull(in, "in");
    requireNonNull(action, "action");
    long[] counts = new long[2];
    new LedgerLines(MAX_LINE_BYTES).split(in, new LedgerLines.Sink() {
      @Override
      public void line(byte[] buf, int off, int len) {
        if (blank(buf, off, len)) {
          return;
        }
        LedgerRecord r = LedgerJson.read(buf, off, len);
        if (r == null) {
          counts[1]++;
        } else {
          counts[0]++;
          action.accept(r);
        }
      }

      @Override
      public void oversized() {
        counts[1]++;
      }
    });
    return new Count(counts[0], counts[1]);
  }

  private static boolean blank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
