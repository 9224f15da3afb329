package io.vectornode.examples.cli;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The report's charts as inline SVG, drawn here so that the page needs nothing from the network:
 * stacked columns over time, lines over time, and p50-p95 "dumbbells". Each chart scales to its
 * container's width (a {@code viewBox}); every mark carries a {@code <title>} tooltip with the
 * exact figure, and every text is escaped with {@link Fmt#html}. Stateless.
 */
final class Charts {
  /** Colorblind-aware categorical colors (Tableau 10); the last is for "other". */
  static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759",
      "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6");
  static final String OTHER_COLOR = "#bab0ac";
  private static final String GRID = "#e6e8eb";
  private static final String AXIS = "#6b7280";

  /** One series of a time chart: its name, color, and a value per period (NaN for none). */
  record Series(String name, String color, double[] values, String[] tips) {}

  private Charts() {}

  static String color(int i) {
    return PALETTE.get(i % PALETTE.size());
  }

  /**
   * Stacked columns, one per period.
   *
   * @param periods the x values ({@code 2026-11-20} or {@code 2026-11})
   * @param series stacked bottom up
   * @param xTitle the x axis's title
   * @param yTitle the y axis's title
   * @param yFormat a tick label
   */
  static String stackedColumns(List<String> periods, List<Series> series, String xTitle,
      String yTitle, DoubleFunction<String> yFormat, String aria) {
    int w = 1000;
    int h = 320;
    Frame f = new Frame(w, h, 70, 16, 14, 48);
    double max = 0;
    for (int i = 0; i < periods.size(); i++) {
      double sum = 0;
      for (Series s : series) {
        sum += Math.max(0, value(s, i));
      }
      max = Math.max(max, sum);
    }
    StringBuilder b = open(w, h, aria);
    double top = f.yAxis(b, max, yFormat, yTitle);
    int n = Math.max(1, periods.size());
    double band = f.plotW() / n;
    double bar = Math.min(48, Math.max(1, band * 0.72));
    for (int i = 0; i < periods.size(); i++) {
      double x = f.left + band * i + (band - bar) / 2;
      double y = f.bottom();
      for (Series s : series) {
        double v = Math.max(0, value(s, i));
        if (v <= 0) {
          continue;
        }
        double hh = v / top * f.plotH();
        y -= hh;
        b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"")
            .append(n(bar)).append("\" height=\"").append(n(Math.max(hh, 0.5)))
            .append("\" fill=\"").append(s.color()).append("\"><title>")
            .append(Fmt.html(s.tips()[i])).append("</title></rect>");
      }
    }
    f.xLabels(b, periods, band, xTitle);
    return b.append("</svg>").toString();
  }

  /** Lines over time, one per series, {@code w} wide; a NaN value leaves a gap. */
  static String lines(int w, List<String> periods, List<Series> series, String xTitle,
      String yTitle, DoubleFunction<String> yFormat, double minMax, String aria) {
    int h = w >= 800 ? 260 : 230;
    Frame f = new Frame(w, h, 70, 16, 14, 48);
    double max = minMax;
    for (Series s : series) {
      for (double v : s.values()) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    StringBuilder b = open(w, h, aria);
    double top = f.yAxis(b, max, yFormat, yTitle);
    int n = Math.max(1, periods.size());
    double band = f.plotW() / n;
    boolean dots = n <= 62;
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < periods.size(); i++) {
        double v = value(s, i);
        if (Double.isNaN(v)) {
          pen = false;
          continue;
        }
        double x = f.left + band * i + band / 2;
        double y = f.bottom() - v / top * f.plotH();
        path.append(pen ? " L" : " M").append(n(x)).append(' ').append(n(y));
        pen = true;
      }
      b.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
          .append(s.color()).append("\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>");
      for (int i = 0; i < periods.size(); i++) {
        double v = value(s, i);
        if (Double.isNaN(v)) {
          continue;
        }
        double x = f.left + band * i + band / 2;
        double y = f.bottom() - v / top * f.plotH();
        b.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"")
            .append(dots ? "3.2" : "6").append("\" fill=\"").append(dots ? s.color()
                : "transparent").append("\"><title>").append(Fmt.html(s.tips()[i]))
            .append("</title></circle>");
      }
    }
    f.xLabels(b, periods, band, xTitle);
    return b.append("</svg>").toString();
  }

  /** One row of a dumbbell chart. */
  record Dumbbell(String label, long p50, long p95, String color, String tip) {}

  /**
   * A row per deployment, {@code w} wide: a bar from p50 to p95 with a dot at each end, values at
   * the right.
   */
  static String dumbbells(int w, List<Dumbbell> rows, String xTitle, String aria) {
    int rowH = 30;
    int h = 56 + rowH * Math.max(1, rows.size());
    int labelW = w >= 800 ? 190 : 112;
    int valueW = w >= 800 ? 190 : 172;
    Frame f = new Frame(w, h, labelW, valueW, 8, 40);
    double max = 1;
    for (Dumbbell d : rows) {
      max = Math.max(max, Math.max(d.p50(), d.p95()));
    }
    StringBuilder b = open(w, h, aria);
    double step = niceStep(max, 5);
    double top = Math.ceil(max / step) * step;
    for (double t = 0; t <= top + step / 2; t += step) {
      double x = f.left + t / top * f.plotW();
      b.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"")
          .append(f.top).append("\" y2=\"").append(n(f.bottom())).append("\" stroke=\"")
          .append(GRID).append("\"/>");
      b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(f.bottom() + 16))
          .append("\" text-anchor=\"middle\" class=\"tick\">").append(Fmt.html(Fmt.millis(
              (long) t))).append("</text>");
    }
    b.append("<text x=\"").append(n(f.left + f.plotW() / 2)).append("\" y=\"").append(h - 6)
        .append("\" text-anchor=\"middle\" class=\"axis-title\">").append(Fmt.html(xTitle))
        .append("</text>");
    for (int i = 0; i < rows.size(); i++) {
      Dumbbell d = rows.get(i);
      double y = f.top + rowH * i + rowH / 2.0;
      double x50 = f.left + d.p50() / top * f.plotW();
      double x95 = f.left + d.p95() / top * f.plotW();
      b.append("<g><title>").append(Fmt.html(d.tip())).append("</title>");
      b.append("<text x=\"").append(labelW - 10).append("\" y=\"").append(n(y + 4))
          .append("\" text-anchor=\"end\" class=\"label\">").append(Fmt.html(shorten(d.label(),
              w >= 800 ? 26 : 14))).append("</text>");
      b.append("<line x1=\"").append(n(x50)).append("\" x2=\"").append(n(x95)).append("\" y1=\"")
          .append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(d.color())
          .append("\" stroke-opacity=\"0.45\" stroke-width=\"8\" stroke-linecap=\"round\"/>");
      b.append("<circle cx=\"").append(n(x50)).append("\" cy=\"").append(n(y))
          .append("\" r=\"6\" fill=\"").append(d.color()).append("\"/>");
      b.append("<circle cx=\"").append(n(x95)).append("\" cy=\"").append(n(y))
          .append("\" r=\"6\" fill=\"#fff\" stroke=\"").append(d.color())
          .append("\" stroke-width=\"3\"/>");
      b.append("<text x=\"").append(w - valueW + 12).append("\" y=\"").append(n(y + 4))
          .append("\" class=\"value\">p50 ").append(Fmt.html(Fmt.millis(d.p50())))
          .append(" \u00b7 p95 ").append(Fmt.html(Fmt.millis(d.p95()))).append("</text></g>");
    }
    return b.append("</svg>").toString();
  }

  /** A label cut to {@code max} characters with an ellipsis (the full text is in the tooltip). */
  static String shorten(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
  }

  /** 1, 2, 2.5 or 5 times a power of ten, so that about {@code ticks} steps cover {@code max}. */
  static double niceStep(double max, int ticks) {
    if (!(max > 0) || Double.isInfinite(max)) {
      return 1;
    }
    double raw = max / ticks;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return nice * mag;
  }

  /** A period for an axis: {@code Nov 20} for a day, {@code Nov 2026} for a month. */
  static String periodLabel(String period) {
    try {
      if (period.length() == 10) {
        return LocalDate.parse(period).format(DateTimeFormatter.ofPattern("MMM d", Locale.ROOT));
      }
      return YearMonth.parse(period).format(DateTimeFormatter.ofPattern("MMM yyyy",
          Locale.ROOT));
    } catch (DateTimeParseException e) {
      return period;
    }
  }

  private static double value(Series s, int i) {
    return i < s.values().length ? s.values()[i] : Double.NaN;
  }

  private static StringBuilder open(int w, int h, String aria) {
    return new StringBuilder(4096).append("<svg class=\"chart\" viewBox=\"0 0 ").append(w)
        .append(' ').append(h).append("\" role=\"img\" aria-label=\"").append(Fmt.html(aria))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
  }

  /** A number for an SVG attribute: one decimal, no locale. */
  private static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** The plot area inside the margins, and its axes. */
  private record Frame(int w, int h, int left, int right, int top, int bottomMargin) {
    double plotW() {
      return w - left - right;
    }

    double plotH() {
      return h - top - bottomMargin;
    }

    double bottom() {
      return h - bottomMargin;
    }

    /** Grid lines and labels of the y axis; returns the axis's top value. */
    double yAxis(StringBuilder b, double max, DoubleFunction<String> format, String title) {
      double step = niceStep(max, 5);
      double topValue = max > 0 ? Math.ceil(max / step) * step : step * 5;
      for (double t = 0; t <= topValue + step / 2; t += step) {
        double y = bottom() - t / topValue * plotH();
        b.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right)
            .append("\" y1=\"").append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"")
            .append(t == 0 ? AXIS : GRID).append("\"/>");
        b.append("<text x=\"").append(left - 8).append("\" y=\"").append(n(y + 4))
            .append("\" text-anchor=\"end\" class=\"tick\">").append(Fmt.html(format.apply(t)))
            .append("</text>");
      }
      b.append("<text transform=\"translate(14 ").append(n(top + plotH() / 2))
          .append(") rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">")
          .append(Fmt.html(title)).append("</text>");
      return topValue;
    }

    /** Period labels under the plot, thinned so that they never overlap. */
    void xLabels(StringBuilder b, List<String> periods, double band, String title) {
      int every = Math.max(1, (int) Math.ceil(periods.size() / (plotW() / 62)));
      for (int i = 0; i < periods.size(); i += every) {
        double x = left + band * i + band / 2;
        b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(bottom() + 18))
            .append("\" text-anchor=\"middle\" class=\"tick\">")
            .append(Fmt.html(periodLabel(periods.get(i)))).append("</text>");
      }
      b.append("<text x=\"").append(n(left + plotW() / 2)).append("\" y=\"").append(h - 6)
          .append("\" text-anchor=\"middle\" class=\"axis-title\">").append(Fmt.html(title))
          .append("</text>");
    }
  }
}
