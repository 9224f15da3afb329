package io.vectornode.providers.conformance;

import io.vectornode.testing.BedrockDialect;
import io.vectornode.testing.ProviderConformanceSuite;
import io.vectornode.testing.WireDialect;

/** The provider contract for {@code bedrock} (Converse JSON and the binary event stream). */
class BedrockConformanceTest extends ProviderConformanceSuite {
  @Override
  protected WireDialect dialect() {
    return new BedrockDialect();
  }
}
