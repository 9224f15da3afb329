package io.vectornode.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * logged, and above all what never is (a key, a prompt). Silent: a test's lines are printed to
 * standard error only when that test fails (by {@link LogCaptureExtension}), or all of them as
 * they are logged when the system property {@code vectornode.test.logs} or the environment
 * variable {@code VECTORNODE_TEST_LOGS} is {@code true}.
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
  /** At most this many lines of the running test are kept for printing if it fails. */
  static final int TEST_LINES_KEPT = 2_000;
  // The running test's lines, apart from LINES because tests clear() that one; guarded by itself.
  private static final Deque<Line> TEST_LINES = new ArrayDeque<>();
  private static long testLinesDropped;
  private static final boolean ECHO = "true".equalsIgnoreCase(System.getProperty(
      "vectornode.test.logs", System.getenv().getOrDefault("VECTORNODE_TEST_LOGS", "")));

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

  /** Whether every line is printed as it is logged (the flag), rather than only on failure. */
  static boolean echoes() {
    return ECHO;
  }

  /** Starts a test's own record of lines (kept apart from {@link #clear()}). */
  static void startTest() {
    synchronized (TEST_LINES) {
      TEST_LINES.clear();
      testLinesDropped = 0;
    }
  }

  /** Prints the running test's lines to standard error, if there are any. */
  static void printTestLines(String test) {
    synchronized (TEST_LINES) {
      if (TEST_LINES.isEmpty()) {
        return;
      }
      StringBuilder sb = new StringBuilder("[captured] log lines of ").append(test)
          .append(", which failed");
      if (testLinesDropped > 0) {
        sb.append(" (the first ").append(testLinesDropped).append(" not kept)");
      }
      sb.append(":\n");
      for (Line l : TEST_LINES) {
        sb.append("[captured] ").append(l).append('\n');
      }
      System.err.print(sb);
      System.err.flush();
    }
  }

  private static void add(Line line) {
    LINES.add(line);
    synchronized (TEST_LINES) {
      if (TEST_LINES.size() == TEST_LINES_KEPT) {
        TEST_LINES.removeFirst();
        testLinesDropped++;
      }
      TEST_LINES.addLast(line);
    }
    if (ECHO) {
      System.err.println("[captured] " + line);
    }
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
      add(line);
    }
  }
}
