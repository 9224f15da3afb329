/**
 * OpenTelemetry tracing for VectorNode calls ({@code VectorNodeTracing}): a span per call and per
 * attempt, with the GenAI semantic conventions' attributes, on the OpenTelemetry API.
 */
module io.vectornode.opentelemetry {
  requires transitive io.vectornode.api;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires static org.jspecify;
  requires org.slf4j;

  exports io.vectornode.opentelemetry;
}
