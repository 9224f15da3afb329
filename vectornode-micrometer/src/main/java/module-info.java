/**
 * Micrometer metrics and Observations for VectorNode calls ({@code VectorNodeMetrics}), named
 * after the OpenTelemetry GenAI semantic conventions.
 */
module io.vectornode.micrometer {
  requires transitive io.vectornode.routing;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires static org.jspecify;
  requires org.slf4j;

  exports io.vectornode.micrometer;
}
