package io.vectornode.benchmarks;

/** What every contestant sends, and where the stub is. */
final class Bench {
  /** Every contestant's connect timeout. */
  static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(10);
  /** Every contestant's deadline for a whole call (and longest read). */
  static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(60);
  static final String SYSTEM = "You are a helpful assistant. Answer briefly.";
  static final String PROMPT = "Say hello to the benchmark in a few words.";

  private Bench() {}

  /**
   * Records a peer's failed call that the harness absorbed (so that the run finishes), one line
   * in the file named by {@code -Dbench.failures}; the report counts and lists them.
   *
   * @param contestant who failed
   * @param what what happened
   */
  static synchronized void peerFailure(String contestant, String what) {
    String file = System.getProperty("bench.failures");
    if (file == null) {
      return;
    }
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(file), contestant + "\t" + what
          + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** @return the stub's OpenAI-style base URL for a response size, {@code small} or {@code large} */
  static String base(String size) {
    String port = System.getProperty("stub.port");
    if (port == null) {
      throw new IllegalStateException("-Dstub.port is not set: run through BenchMain");
    }
    return "http://127.0.0.1:" + port + "/" + size + "/v1";
  }
}
