package io.vectornode.providers.conformance;

import io.vectornode.testing.ProviderConformanceSuite;
import io.vectornode.testing.VertexAnthropicDialect;
import io.vectornode.testing.WireDialect;

class VertexAnthropicConformanceTest extends ProviderConformanceSuite {
  @Override
  protected WireDialect dialect() {
    return new VertexAnthropicDialect();
  }
}
