/**
 * VectorNode's public API: requests, responses, streams, listeners, errors, and the provider
 * SPI. Providers are found with {@link java.util.ServiceLoader} ({@code uses ModelProvider}).
 */
module io.vectornode.api {
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports io.vectornode;
  exports io.vectornode.error;
  exports io.vectornode.spi;

  uses io.vectornode.spi.ModelProvider;
}
