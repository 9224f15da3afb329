package io.vectornode.providers.conformance;

import io.vectornode.testing.AnthropicDialect;
import io.vectornode.testing.GeminiDialect;
import io.vectornode.testing.OpenAiDialect;
import io.vectornode.testing.ProviderConformanceSuite;
import io.vectornode.testing.WireDialect;

class OpenAiCompatibleConformanceTest extends ProviderConformanceSuite {
  @Override
  protected WireDialect dialect() {
    return OpenAiDialect.of("openai-compatible");
  }
}
