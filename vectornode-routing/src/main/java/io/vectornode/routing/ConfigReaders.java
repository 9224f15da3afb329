package io.vectornode.routing;

import io.vectornode.error.ConfigurationException;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Finds the {@link ConfigReader} behind {@link VectorNode#fromConfig} once, and keeps it. */
final class ConfigReaders {
  private static volatile @Nullable ConfigReader CONFIG;

  private ConfigReaders() {}

  /** The config reader: the built-in YAML/JSON one unless another is on the class path. */
  static ConfigReader get() {
    ConfigReader r = CONFIG;
    if (r == null) {
      ServiceLoader<ConfigReader> found =
          ServiceLoader.load(ConfigReader.class, VectorNode.class.getClassLoader());
      r = found.findFirst().orElseThrow(() -> new ConfigurationException("config",
          "no " + ConfigReader.class.getName() + " found: vectornode-routing's own"
              + " META-INF/services entry is missing from the class path"));
      CONFIG = r;
    }
    return r;
  }
}
