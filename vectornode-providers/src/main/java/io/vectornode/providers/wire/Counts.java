package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.ResponseParseException;
import java.io.IOException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Reads the token counts of a usage report, strictly. A count is a whole number from 0 to
 * {@link #MAX}; a count that is negative, fractional, not a number, or larger is a lie that
 * would make a cost wrong (a clamp to 0 would make it free, an overflow negative), so it fails the
 * call with a {@link ResponseParseException} naming the field. An absent or {@code null} count
 * is 0, as the APIs document for fields they omit.
 */
final class Counts {
  /**
   * The largest count believed: a billion tokens, hundreds of times any model's context window
   * plus output. Several counts can be added without overflow.
   */
  public static final long MAX = 1_000_000_000L;

  private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX);

  private Counts() {}

  /**
   * A count from a tree.
   *
   * @param provider the provider instance, for the error
   * @param node the object holding the count, or null
   * @param field the field
   * @return the count, 0 when absent or null
   * @throws ResponseParseException when the value is not a believable count
   */
  public static long of(String provider, @Nullable JsonNode node, String field) {
    if (node == null) {
      return 0;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isNumber()) {
      throw bad(provider, field, "is not a number");
    }
    if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
      throw bad(provider, field, "is not a finite number"); // 1e400 reads as Infinity
    }
    return check(provider, field, v.decimalValue());
  }

  /**
   * A count from a parser.
   *
   * @param provider the provider instance, for the error
   * @param p the parser, on the value
   * @param t the value's token
   * @param field the field, for the error
   * @return the count, 0 when null
   * @throws IOException when reading fails
   * @throws ResponseParseException when the value is not a believable count
   */
  public static long of(String provider, JsonParser p, JsonToken t, String field)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.INT
          || p.getNumberType() == JsonParser.NumberType.LONG) {
        long v = p.getLongValue();
        if (v >= 0 && v <= MAX) {
          return v; // the common case, without a BigDecimal
        }
      }
      return check(provider, field, p.getDecimalValue());
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return check(provider, field, p.getDecimalValue());
    }
    p.skipChildren();
    throw bad(provider, field, "is not a number");
  }

  private static long check(String provider, String field, BigDecimal v) {
    // Never toPlainString: 1e-999999999 would print a billion digits.
    if (v.signum() < 0) {
      throw bad(provider, field, "is negative (" + shortForm(v) + ")");
    }
    if (v.compareTo(MAX_DECIMAL) > 0) {
      throw bad(provider, field, "is larger than any model produces (" + shortForm(v) + " > "
          + MAX + ")");
    }
    if (v.scale() > 0 && v.stripTrailingZeros().scale() > 0) {
      throw bad(provider, field, "is not a whole number (" + shortForm(v) + ")");
    }
    return v.longValue();
  }

  /** The value in scientific form when long, cut to 40 characters. */
  private static String shortForm(BigDecimal v) {
    String s = v.toString();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static ResponseParseException bad(String provider, String field, String why) {
    return new ResponseParseException(provider,
        "usage count '" + field + "' " + why + ": refusing a usage report that would make the"
            + " cost wrong", null);
  }
}
