package io.vectornode.spi.testproviders;

import io.vectornode.ModelClient;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/** One of two providers claiming the id {@code dup}. */
public final class DuplicateB implements ModelProvider {
  @Override
  public String id() {
    return "dup";
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    throw new UnsupportedOperationException();
  }
}
