package io.vectornode.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints a test's {@link LogCapture} lines to standard error when, and only when, the test fails,
 * so that a green build is quiet and a red one shows what was logged. Nothing is printed where
 * {@link LogCapture} is not the SLF4J provider, nor twice when {@code vectornode.test.logs}
 * already prints every line.
 *
 * <p>Registered for JUnit's extension auto-detection in {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}: enable it with the configuration
 * parameter {@code junit.jupiter.extensions.autodetection.enabled=true} (this project's parent
 * pom does, for Surefire), or use {@code @ExtendWith(LogCaptureExtension.class)}. Assumes tests
 * of one JVM run one at a time, as they do here.
 */
public final class LogCaptureExtension implements BeforeEachCallback, TestWatcher {
  /** Used by {@link java.util.ServiceLoader} and {@code @ExtendWith}. */
  public LogCaptureExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    LogCapture.startTest();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (!LogCapture.echoes()) {
      LogCapture.printTestLines(context.getRequiredTestClass().getSimpleName() + "."
          + context.getDisplayName());
    }
  }
}
