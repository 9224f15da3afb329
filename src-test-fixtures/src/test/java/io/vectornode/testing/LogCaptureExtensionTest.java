package io.vectornode.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Sample} through the JUnit launcher, with the extension found by auto-detection as
 * Surefire finds it, and checks that only the failing test's log lines reach standard error.
 */
class LogCaptureExtensionTest {
  private static final String SAMPLE = "vectornode.logCaptureSample";

  @Test
  void testFailed_printsThatTestsLinesOnly_andAPassingTestPrintsNothing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream previous = System.err;
    TestExecutionSummary summary;
    System.setProperty(SAMPLE, "true");
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      summary = run(Sample.class);
    } finally {
      System.setErr(previous);
      System.clearProperty(SAMPLE);
    }

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("[captured] log lines of Sample.fails(), which failed:")
        .contains("[captured] WARN sample - line of the failing test")
        .contains("[captured] DEBUG sample - its debug line too")
        .doesNotContain("line of the passing test");
    assertThat(LogCapture.text()).contains("line of the passing test");
  }

  private static TestExecutionSummary run(Class<?> tests) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(tests))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .configurationParameter("junit.jupiter.extensions.autodetection.include",
            "io.vectornode.testing.*")
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** Runs only inside the test above: one test that passes, one that fails, both logging. */
  @EnabledIfSystemProperty(named = SAMPLE, matches = "true")
  static class Sample {
    @Test
    void passes() {
      LoggerFactory.getLogger("sample").warn("line of the passing test");
    }

    @Test
    void fails() {
      LoggerFactory.getLogger("sample").warn("line of the failing test");
      LoggerFactory.getLogger("sample").debug("its debug line too");
      assertThat(1).as("the sample's deliberate failure").isEqualTo(2);
    }
  }
}
