package io.vectornode.config;

import static java.util.Objects.requireNonNull;

import io.vectornode.ModelCallListener;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.ConfigReader;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link ConfigReader}: YAML or JSON files, with {@code ${env:}}, {@code
 * ${sysprop:}}, {@code ${file:}} and {@link io.vectornode.spi.SecretResolver} references, and
 * hot reload. Registered in {@code META-INF/services}; applications use {@link VectorNode}.
 * Thread-safe.
 */
public final class YamlConfigReader implements ConfigReader {
  /** For {@link java.util.ServiceLoader}. */
  public YamlConfigReader() {}

  @Override
  public VectorNode.Builder builder(Path file, Function<String, @Nullable String> env) {
    ConfigLoader.Loaded config = ConfigLoader.load(requireNonNull(file, "file"), env);
    // build() may fail later (providers check their options): it must not show a secret either.
    return config.builder().redactErrors(config::redact);
  }

  @Override
  public VectorNode.Builder builder(String source, String text,
      Function<String, @Nullable String> env) {
    ConfigLoader.Loaded config = ConfigLoader.loadText(requireNonNull(source, "source"),
        requireNonNull(text, "text"), requireNonNull(env, "env"));
    return config.builder().redactErrors(config::redact);
  }

  @Override
  public VectorNodeClient build(Path file, Function<String, @Nullable String> env) {
    ConfigLoader.Loaded config = ConfigLoader.load(requireNonNull(file, "file"), env);
    try {
      return config.build();
    } catch (ConfigurationException e) {
      if (e.field().startsWith(file.toString())) {
        throw e;
      }
      throw new ConfigurationException(file + ": " + e.field(),
          e.getMessage().substring(e.field().length() + 2), e);
    }
  }

  @Override
  public VectorNodeClient watch(Path file, List<ModelCallListener> listeners,
      Function<String, @Nullable String> env) {
    ReloadingClient c = new ReloadingClient(requireNonNull(file, "file"), listeners, env);
    c.startWatching();
    return c;
  }
}
