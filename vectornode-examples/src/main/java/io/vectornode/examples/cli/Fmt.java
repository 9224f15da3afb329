package io.vectornode.examples.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Formatting and escaping for the report: the one place where a ledger's untrusted strings become
 * HTML, SVG or CSV text, and where exact amounts are rounded for display. Stateless.
 */
final class Fmt {
  /** The rounding the page states: cents from $1, four significant digits below. */
  static final String ROUNDING = "Amounts on this page are rounded half-up: to the cent from $1,"
      + " to 4 significant digits below $1. The CSV export and the embedded data hold the exact"
      + " sums.";

  private Fmt() {}

  /**
   * Text for HTML or inline SVG, as element content or a quoted attribute value: {@code & < > " '}
   * become entities, and control and format characters (a terminal escape, a right-to-left
   * override that would reorder a billing row) become U+FFFD.
   */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
              || Character.getType(c) == Character.SURROGATE) {
            b.append('\uFFFD');
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.toString();
  }

  /**
   * A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled; a
   * field that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
   * CR) is prefixed with an apostrophe (OWASP's advice against CSV injection).
   */
  static String csv(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** US dollars for display, rounded as {@link #ROUNDING} says: $1,234.57, $0.004235. */
  static String usd(BigDecimal amount) {
    if (amount.signum() == 0) {
      return "$0.00";
    }
    BigDecimal r = amount.abs().compareTo(BigDecimal.ONE) >= 0
        ? amount.setScale(2, RoundingMode.HALF_UP)
        : amount.round(new MathContext(4, RoundingMode.HALF_UP)).stripTrailingZeros();
    if (r.scale() < 2) {
      r = r.setScale(2, RoundingMode.UNNECESSARY);
    }
    String plain = r.toPlainString();
    if (r.abs().compareTo(BigDecimal.ONE) >= 0) {
      plain = String.format(Locale.ROOT, "%,.2f", r);
    }
    return "$" + plain;
  }

  /** A whole number with thousands separators: 1,234,567. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A short count for chart labels and cards: 950, 12.3K, 4.56M, 7.8B. */
  static String compact(double n) {
    double a = Math.abs(n);
    if (a < 1_000) {
      return a == Math.rint(a) ? String.valueOf((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }
    String[] units = {"K", "M", "B", "T"};
    double v = n;
    int u = -1;
    while (Math.abs(v) >= 1_000 && u < units.length - 1) {
      v /= 1_000;
      u++;
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f%s" : Math.abs(v) >= 10
        ? "%.1f%s" : "%.2f%s", v, units[u]);
  }

  /** A short amount for chart axes: $0, $0.05, $1.20, $12, $1.2K. */
  static String compactUsd(double usd) {
    double a = Math.abs(usd);
    if (a == 0) {
      return "$0";
    }
    if (a >= 1_000) {
      return "$" + compact(usd);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "$%.0f", usd);
    }
    if (a >= 0.1) {
      return String.format(Locale.ROOT, "$%.2f", usd);
    }
    return "$" + BigDecimal.valueOf(usd).round(new MathContext(2, RoundingMode.HALF_UP))
        .stripTrailingZeros().toPlainString();
  }

  /** A share as a percentage with one decimal, or an en dash when the whole is 0. */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** Milliseconds for display: 850 ms, 1.24 s, 75 s. */
  static String millis(long ms) {
    if (ms < 1_000) {
      return ms + " ms";
    }
    double s = ms / 1000.0;
    return String.format(Locale.ROOT, s >= 100 ? "%.0f s" : s >= 10 ? "%.1f s" : "%.2f s", s);
  }
}
