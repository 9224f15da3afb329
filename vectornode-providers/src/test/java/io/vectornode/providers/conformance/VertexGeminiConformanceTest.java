package io.vectornode.providers.conformance;

import io.vectornode.testing.ProviderConformanceSuite;
import io.vectornode.testing.VertexGeminiDialect;
import io.vectornode.testing.WireDialect;

class VertexGeminiConformanceTest extends ProviderConformanceSuite {
  @Override
  protected WireDialect dialect() {
    return new VertexGeminiDialect();
  }
}
