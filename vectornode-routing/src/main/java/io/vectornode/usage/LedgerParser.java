package io.vectornode.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one ledger line into a {@link LedgerReader.Entry} with a token stream: only the fields a
 * reader needs, no tree; at most {@link LedgerReader.Entry#MAX_TAGS} tags and {@link
 * LedgerReader.Entry#MAX_ATTEMPT_DETAILS} attempt details are kept, so that a record's size in
 * memory is bounded by a small multiple of its line's. A line is untrusted: anything that is not a
 * whole record of the expected shape (bad JSON, bad UTF-8, nesting deeper than {@link
 * LedgerValues#MAX_DEPTH}, a second value after the record, negative counts, a count that is
 * a string but not a whole number, a cost that is not a modest decimal) makes it a skipped
 * line. Thread-safe.
 */
final class LedgerParser {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(LedgerValues.MAX_DEPTH)
          .maxNumberLength(64).build())
      .build();

  private LedgerParser() {}

  /** The tokens of a {@code usage} object. */
  private static final class Tokens {
    long input;
    long output;
    long cached;
    long cacheWrite;
    long reasoning;
  }

  /** A {@code cost} object. */
  private static final class Spend {
    boolean known;
    @Nullable String usd;
    boolean estimated;
    @Nullable String catalog;

    @Nullable BigDecimal usd() {
      return known ? LedgerValues.usd(usd) : null;
    }
  }

  /**
   * Parses a line.
   *
   * @return the record, or null when the line is not a whole record
   */
  static LedgerReader.@Nullable Entry parse(byte[] buf, int off, int len) {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Instant ts = null;
      String requestId = null;
      String task = null;
      Map<String, String> tags = Map.of();
      String provider = null;
      String model = null;
      String deployment = null;
      String outcome = "";
      String error = null;
      int attempts = 0;
      List<LedgerReader.Attempt> details = new ArrayList<>();
      Tokens tokens = new Tokens();
      Spend spend = new Spend();
      long latency = 0;
      Long ttft = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "ts" -> {
            String s = scalar(p, t);
            ts = s == null ? null : instant(s);
          }
          case "requestId" -> requestId = scalar(p, t);
          case "task" -> task = scalar(p, t);
          case "provider" -> provider = scalar(p, t);
          case "model" -> model = scalar(p, t);
          case "outcome" -> outcome = orEmpty(scalar(p, t));
          case "error" -> error = scalar(p, t);
          case "latencyMs" -> latency = count(p, t);
          case "ttftMs" -> ttft = optionalCount(p, t);
          case "tags" -> tags = tags(p, t);
          case "usage" -> usage(p, t, tokens);
          case "cost" -> cost(p, t, spend);
          case "attempts" -> {
            if (t == JsonToken.START_ARRAY) {
              JsonToken a;
              while ((a = p.nextToken()) != JsonToken.END_ARRAY) {
                attempts++;
                LedgerReader.Attempt at = attempt(p, a, attempts);
                deployment = at == null ? null : at.deployment();
                if (at != null) {
                  keep(details, at);
                }
              }
            } else if (t != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null || ts == null || requestId == null) {
        return null;
      }
      BigDecimal usd = spend.usd();
      return new LedgerReader.Entry(ts, requestId, task, tags, provider, model, deployment,
          outcome, attempts, tokens.input, tokens.output, usd, latency, error, ttft,
          tokens.cached, tokens.cacheWrite, tokens.reasoning, usd != null && spend.estimated,
          spend.catalog, details);
    } catch (IOException | RuntimeException e) {
      // Corrupt or hostile: the caller counts it as a skipped line.
      return null;
    }
  }

  /**
   * Keeps an attempt's details: the first {@link LedgerReader.Entry#MAX_ATTEMPT_DETAILS}, and the
   * first successful one in place of the last kept when it comes later.
   */
  private static void keep(List<LedgerReader.Attempt> details, LedgerReader.Attempt a) {
    if (details.size() < LedgerReader.Entry.MAX_ATTEMPT_DETAILS) {
      details.add(a);
    } else if (a.outcome().equals("SUCCESS")
        && details.stream().noneMatch(d -> d.outcome().equals("SUCCESS"))) {
      details.set(details.size() - 1, a);
    }
  }

  /** One element of {@code attempts}: its details, or null when it is not an object. */
  private static LedgerReader.@Nullable Attempt attempt(JsonParser p, JsonToken t, int position)
      throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    int n = position;
    String deployment = null;
    String provider = null;
    String model = null;
    String keyId = null;
    String outcome = "";
    String error = null;
    String reason = null;
    boolean localState = false;
    long latency = 0;
    Long ttft = null;
    Tokens tokens = new Tokens();
    Spend spend = new Spend();
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken d = p.nextToken();
      switch (field) {
        case "n" -> n = (int) Math.min(Integer.MAX_VALUE, count(p, d));
        case "deployment" -> deployment = scalar(p, d);
        case "provider" -> provider = scalar(p, d);
        case "model" -> model = scalar(p, d);
        case "keyId" -> keyId = scalar(p, d);
        case "outcome" -> outcome = orEmpty(scalar(p, d));
        case "error" -> error = scalar(p, d);
        case "reason" -> reason = scalar(p, d);
        case "localState" -> localState = d == JsonToken.VALUE_TRUE;
        case "latencyMs" -> latency = count(p, d);
        case "ttftMs" -> ttft = optionalCount(p, d);
        case "usage" -> usage(p, d, tokens);
        case "cost" -> cost(p, d, spend);
        default -> p.skipChildren();
      }
    }
    BigDecimal usd = spend.usd();
    return new LedgerReader.Attempt(n, deployment, provider, model, keyId, outcome, error, reason,
        localState, latency, ttft, tokens.input, tokens.output, tokens.cached, tokens.cacheWrite,
        tokens.reasoning, usd, usd != null && spend.estimated);
  }

  private static void usage(JsonParser p, JsonToken t, Tokens into) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("usage not an object");
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken u = p.nextToken();
      switch (field) {
        case "input" -> into.input = count(p, u);
        case "output" -> into.output = count(p, u);
        case "cachedInput" -> into.cached = count(p, u);
        case "cacheWrite" -> into.cacheWrite = count(p, u);
        case "reasoning" -> into.reasoning = count(p, u);
        default -> p.skipChildren();
      }
    }
  }

  private static void cost(JsonParser p, JsonToken t, Spend into) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("cost not an object");
    }
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken c = p.nextToken();
      switch (field) {
        case "known" -> into.known = c.isScalarValue() && p.getValueAsBoolean(false);
        case "usd" -> into.usd = scalar(p, c);
        case "estimated" -> into.estimated = c.isScalarValue() && p.getValueAsBoolean(false);
        case "catalog" -> into.catalog = scalar(p, c);
        default -> p.skipChildren();
      }
    }
  }

  private static @Nullable Long optionalCount(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NULL ? null : count(p, t);
  }

  private static @Nullable String scalar(JsonParser p, JsonToken t) throws IOException {
    return LedgerValues.scalar(p, t);
  }

  /**
   * {@link Instant#parse}, with a fast path for the form the ledger writes
   * ({@code 2026-11-20T10:00:00.123Z}): {@code Instant.parse} costs about 600 ns, a sixth of a
   * line's parse. Anything else goes to {@code Instant.parse}, which defines what is accepted.
   */
  static Instant instant(String s) {
    int n = s.length();
    if (n >= 20 && n <= 30 && n != 21 && s.charAt(4) == '-' && s.charAt(7) == '-'
        && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':'
        && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.')) {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      int fraction = n == 20 ? 0 : digits(s, 20, n - 1);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0
          && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60
          && fraction >= 0) {
        for (int i = n; i < 30; i++) {
          fraction *= 10;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second,
            fraction);
      }
    }
    return Instant.parse(s);
  }

  /** The decimal value of s[from, to), or -1 when a character is not an ASCII digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static long count(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (!t.isNumeric() && t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("not a number");
    }
    // A string must be a whole number ("12"); "lots" is not a count of 0.
    long v = t == JsonToken.VALUE_STRING ? Long.parseLong(p.getText()) : p.getValueAsLong(0);
    if (v < 0) {
      throw new IllegalArgumentException("negative");
    }
    return v;
  }

  private static Map<String, String> tags(JsonParser p, JsonToken t) throws IOException {
    return LedgerValues.tags(p, t, LedgerReader.Entry.MAX_TAGS);
  }
}
