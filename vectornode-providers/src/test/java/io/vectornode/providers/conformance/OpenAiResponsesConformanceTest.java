package io.vectornode.providers.conformance;

import io.vectornode.testing.ProviderConformanceSuite;
import io.vectornode.testing.ResponsesDialect;
import io.vectornode.testing.WireDialect;

/** The {@code openai} provider in its Responses API mode ({@code options.api: responses}). */
class OpenAiResponsesConformanceTest extends ProviderConformanceSuite {
  @Override
  protected WireDialect dialect() {
    return ResponsesDialect.of();
  }
}
