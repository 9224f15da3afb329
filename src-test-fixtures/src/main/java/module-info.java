/**
 * Test fixtures: stub servers (friendly and hostile), the {@code fake} provider, a recording
 * listener, virtual time, log capture and the provider conformance suite.
 */
module io.vectornode.testing {
  requires transitive io.vectornode.api;
  requires static org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires transitive mockwebserver3;
  requires okhttp3;
  requires okio;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires org.slf4j;

  exports io.vectornode.testing;

  provides io.vectornode.spi.ModelProvider with io.vectornode.testing.FakeProvider;
  provides org.junit.jupiter.api.extension.Extension
      with io.vectornode.testing.LogCaptureExtension;
}
