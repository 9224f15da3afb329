package io.vectornode.spi.testproviders;

import io.vectornode.ModelClient;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/** A provider with an id that cannot be used in a model reference. */
public final class BadIdProvider implements ModelProvider {
  @Override
  public String id() {
    return "Bad Id/";
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    throw new UnsupportedOperationException();
  }
}
