package io.vectornode.benchmarks;

/** One way to call a model: what the benchmarks compare. */
interface Contestant extends AutoCloseable {
  /** @return the answer's text of a blocking chat call */
  String chat();

  /** @return how many text events a streamed answer delivered */
  int stream();

  /**
   * Opens a stream, reads it up to its first text delta, and leaves it open: for the in-flight
   * memory probe.
   *
   * @return what holds the stream open; closing it ends the stream
   */
  default AutoCloseable openAndReadFirst() {
    throw new UnsupportedOperationException("not measured for this contestant");
  }

  @Override
  void close();

  /** The contestants, by the names used in parameters and reports. */
  static Contestant create(String name, String base) {
    return switch (name) {
      case "raw-okhttp" -> new RawOkHttp(base, "/chat/completions");
      case "vectornode" -> new VectorNodeDirect(base, "openai");
      case "vectornode-router" -> new VectorNodeRouter(base);
      case "openai-java" -> new OpenAiJava(base);
      case "langchain4j" -> new LangChain4j(base);
      case "raw-okhttp-anthropic" -> new RawOkHttp(base, "/messages");
      case "vectornode-anthropic" -> new VectorNodeDirect(base, "anthropic");
      default -> throw new IllegalArgumentException("unknown contestant " + name);
    };
  }
}
