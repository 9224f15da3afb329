package io.vectornode.spi.testproviders;

import io.vectornode.ModelClient;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/** A provider whose constructor fails, as one with a missing dependency would. */
public final class FailingConstructorProvider implements ModelProvider {
  /** Always throws. */
  public FailingConstructorProvider() {
    throw new IllegalStateException("native library not found");
  }

  @Override
  public String id() {
    return "broken";
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    throw new UnsupportedOperationException();
  }
}
