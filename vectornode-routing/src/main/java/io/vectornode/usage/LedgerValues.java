package io.vectornode.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of reading a ledger line that both readers share ({@link LedgerJson}, which reads a
 * line back into a {@link LedgerRecord} for the JDBC spool's replay, and {@link LedgerParser},
 * which reads it into a {@link LedgerReader.Entry} for reports): the bounds on untrusted values
 * and the readers of a scalar, a cost's decimal and the tags. One copy, so that a line is not
 * counted by one reader and refused by the other. Stateless.
 */
final class LedgerValues {
  /** A record nests four deep (record, attempts, attempt, usage); anything far deeper is junk. */
  static final int MAX_DEPTH = 16;
  /**
   * Bounds on a cost: summing decimals of wildly different scales (1E-999999999 + 1) would build
   * numbers of a billion digits.
   */
  static final int MAX_COST_SCALE = 30;
  static final int MAX_COST_PRECISION = 40;
  /** The longest digit string handed to {@link BigDecimal}: parsing one is superlinear. */
  static final int MAX_COST_CHARS = 64;

  private LedgerValues() {}

  /** A string or number as text, null for JSON null; an object or array is not a record. */
  static @Nullable String scalar(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!t.isScalarValue()) {
      throw new IllegalArgumentException("not a scalar");
    }
    return p.getText();
  }

  /**
   * A known cost's {@code usd}: a modest decimal.
   *
   * @throws IllegalArgumentException when it is missing, too long, not a decimal, or past the
   *     scale or precision bounds
   */
  static BigDecimal usd(@Nullable String usd) {
    if (usd == null || usd.length() > MAX_COST_CHARS) {
      throw new IllegalArgumentException("known cost without a modest usd");
    }
    BigDecimal d = new BigDecimal(usd);
    if (Math.abs(d.scale()) > MAX_COST_SCALE || d.precision() > MAX_COST_PRECISION) {
      throw new IllegalArgumentException("cost out of range");
    }
    return d;
  }

  /**
   * The {@code tags} object: string or number values (null ones left out), at most {@code
   * limit} kept (the first in the line's order).
   */
  static Map<String, String> tags(JsonParser p, JsonToken t, int limit) throws IOException {
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
      if (v != null && tags.size() < limit) {
        tags.put(name, v);
      }
    }
    return tags;
  }
}
