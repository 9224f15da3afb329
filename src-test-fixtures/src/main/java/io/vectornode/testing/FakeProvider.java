package io.vectornode.testing;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ModelProvider;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;

/**
 * The {@code fake} provider: an in-process scripted model, registered through {@code
 * META-INF/services} so that configs and routes can use it like any other provider.
 *
 * <p>Options: {@code script} (a {@link FakeScript} object, when configured from code), or
 * {@code reply} (a fixed text answer). Without either, it echoes the last user message.
 */
public final class FakeProvider implements ModelProvider {
  /** The provider id. */
  public static final String ID = "fake";

  /** Used by {@link java.util.ServiceLoader}. */
  public FakeProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    Object script = config.options().get("script");
    String reply = config.option("reply").orElse(null);
    for (String key : config.options().keySet()) {
      if (!key.equals("script") && !key.equals("reply")) {
        throw new ConfigurationException("providers." + config.name() + ".options." + key,
            "unknown option for provider type 'fake'; known: [reply, script]");
      }
    }
    if (script != null && !(script instanceof FakeScript)) {
      throw new ConfigurationException("providers." + config.name() + ".options.script",
          "must be a FakeScript, was " + script.getClass().getName());
    }
    FakeScript s = script != null ? (FakeScript) script : FakeScript.create();
    if (reply != null && script == null) {
      s = FakeScript.repeating(reply);
    }
    return new FakeModelClient(config, s);
  }
}
