package io.vectornode.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one ledger line into a {@link LedgerReader.Entry} with a token stream: only the fields a
 * reader needs, no tree. A line is untrusted: anything that is not a whole record of the expected
 * shape (bad JSON, bad UTF-8, nesting deeper than {@link #MAX_DEPTH}, a second value after the
 * record, negative counts, a cost that is not a modest decimal) makes it a skipped line.
 * Thread-safe.
 */
final class LedgerParser {
  /** A record nests four deep (record, attempts, attempt, usage); anything far deeper is junk. */
  static final int MAX_DEPTH = 16;
  /**
   * Bounds on a cost: summing decimals of wildly different scales (1E-999999999 + 1) would build
   * numbers of a billion digits.
   */
  static final int MAX_COST_SCALE = 30;
  static final int MAX_COST_PRECISION = 40;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(64).build())
      .build();

  private LedgerParser() {}

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
      int attempts = 0;
      long input = 0;
      long output = 0;
      boolean costKnown = false;
      String usd = null;
      long latency = 0;
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
          case "latencyMs" -> latency = count(p, t);
          case "tags" -> tags = tags(p, t);
          case "usage" -> {
            if (t == JsonToken.START_OBJECT) {
              while ((field = p.nextFieldName()) != null) {
                JsonToken u = p.nextToken();
                switch (field) {
                  case "input" -> input = count(p, u);
                  case "output" -> output = count(p, u);
                  default -> p.skipChildren();
                }
              }
            } else if (t != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          case "cost" -> {
            if (t == JsonToken.START_OBJECT) {
              while ((field = p.nextFieldName()) != null) {
                JsonToken c = p.nextToken();
                switch (field) {
                  case "known" -> costKnown = c.isScalarValue() && p.getValueAsBoolean(false);
                  case "usd" -> usd = scalar(p, c);
                  default -> p.skipChildren();
                }
              }
            } else if (t != JsonToken.VALUE_NULL) {
              return null;
            }
          }
          case "attempts" -> {
            if (t == JsonToken.START_ARRAY) {
              JsonToken a;
              while ((a = p.nextToken()) != JsonToken.END_ARRAY) {
                attempts++;
                deployment = null;
                if (a == JsonToken.START_OBJECT) {
                  while ((field = p.nextFieldName()) != null) {
                    JsonToken d = p.nextToken();
                    if (field.equals("deployment")) {
                      deployment = scalar(p, d);
                    } else {
                      p.skipChildren();
                    }
                  }
                } else {
                  p.skipChildren();
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
      return new LedgerReader.Entry(ts, requestId, task, tags, provider, model, deployment,
          outcome, attempts, input, output, costKnown ? cost(usd) : null, latency);
    } catch (IOException | RuntimeException e) {
      // Corrupt or hostile: the caller counts it as a skipped line.
      return null;
    }
  }

  /** A string or number as text, null for JSON null; an object or array is not a record. */
  private static @Nullable String scalar(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!t.isScalarValue()) {
      throw new IllegalArgumentException("not a scalar");
    }
    return p.getText();
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
    long v = p.getValueAsLong(0);
    if (v < 0) {
      throw new IllegalArgumentException("negative");
    }
    return v;
  }

  private static Map<String, String> tags(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("tags not an object");
    }
    Map<String, String> tags = new HashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      String v = scalar(p, p.nextToken());
      if (v != null) {
        tags.put(name, v);
      }
    }
    return tags;
  }

  private static BigDecimal cost(@Nullable String usd) {
    if (usd == null || usd.length() > 64) {
      // Also never hand a huge digit string to BigDecimal: parsing it is superlinear.
      throw new IllegalArgumentException("known cost without a modest usd");
    }
    BigDecimal d = new BigDecimal(usd);
    if (Math.abs(d.scale()) > MAX_COST_SCALE || d.precision() > MAX_COST_PRECISION) {
      throw new IllegalArgumentException("cost out of range");
    }
    return d;
  }
}
