package io.vectornode.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Captures every SLF4J log line, at every level from TRACE up, so that tests can assert what was
 * logged, and above all what never is (a key, a prompt). WARN and ERROR lines are also printed to
 * standard error.
 *
 * <p>To use it, register {@link LogCapture.Provider} as the SLF4J provider of a test class path:
 * put {@code io.vectornode.testing.LogCapture$Provider} in {@code
 * src/test/resources/META-INF/services/org.slf4j.spi.SLF4JServiceProvider}. Thread-safe.
 */
public final class LogCapture {
  /**
   * One captured line.
   *
   * @param level the level
   * @param logger the logger's name
   * @param message the formatted message
   * @param throwable the stack trace of the attached exception, causes included, or empty
   * @param mdc the MDC at the time of logging
   */
  public record Line(
      Level level, String logger, String message, String throwable, Map<String, String> mdc) {
    /** Copies. */
    public Line {
      mdc = Map.copyOf(mdc);
    }

    @Override
    public String toString() {
      return level + " " + logger + " - " + message + (mdc.isEmpty() ? "" : " " + mdc)
          + (throwable.isEmpty() ? "" : "\n" + throwable);
    }
  }

  private static final List<Line> LINES = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  /** @return the lines captured since the last {@link #clear()}, oldest first */
  public static List<Line> lines() {
    return List.copyOf(LINES);
  }

  /** @return every captured line, stack traces included, as one text */
  public static String text() {
    StringBuilder sb = new StringBuilder();
    for (Line l : LINES) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }

  /** Forgets every captured line. */
  public static void clear() {
    LINES.clear();
  }

  /** The SLF4J service provider that routes all logging into {@link LogCapture}. */
  public static final class Provider implements SLF4JServiceProvider {
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    /** Used by {@link java.util.ServiceLoader}. */
    public Provider() {}

    @Override
    public org.slf4j.ILoggerFactory getLoggerFactory() {
      return CapturingLogger::new;
    }

    @Override
    public org.slf4j.IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {}
  }

  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected @Nullable String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, @Nullable Marker marker, @Nullable String pattern,
        Object @Nullable [] args, @Nullable Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      String trace = "";
      if (throwable != null) {
        StringWriter sw = new StringWriter();
        throwable.printStackTrace(new PrintWriter(sw));
        trace = sw.toString();
      }
      Map<String, String> context = MDC.getCopyOfContextMap();
      Line line = new Line(level, name, String.valueOf(message), trace,
          context == null ? Map.of() : context);
      LINES.add(line);
      if (level == Level.WARN || level == Level.ERROR) {
        System.err.println("[captured] " + line);
      }
    }
  }
}
