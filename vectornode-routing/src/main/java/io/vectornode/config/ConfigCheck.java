package io.vectornode.config;

import static java.util.Objects.requireNonNull;

import io.vectornode.routing.VectorNodeClient;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A config file checked by building its client, for tools such as {@code vectornode config
 * check}: the client to look at, and a redaction that shows the config's references ({@code
 * ${env:OPENAI_API_KEY}}) wherever text would show what they resolved to. Calls are not logged.
 * Closing it closes the client. Not thread-safe.
 */
public final class ConfigCheck implements AutoCloseable {
  private final ConfigLoader.Loaded config;
  private final VectorNodeClient client;

  private ConfigCheck(ConfigLoader.Loaded config, VectorNodeClient client) {
    this.config = config;
    this.client = client;
  }

  /**
   * Loads, validates and builds a config file.
   *
   * @param file the config file
   * @param env the environment, for {@code ${env:NAME}}
   * @return the check
   * @throws io.vectornode.error.ConfigurationException naming the file and the field; never a
   *     resolved value
   */
  public static ConfigCheck of(Path file, Function<String, @Nullable String> env) {
    ConfigLoader.Loaded config = ConfigLoader.load(requireNonNull(file, "file"), env);
    config.builder().logCalls(false);
    return new ConfigCheck(config, config.build());
  }

  /** @return the client the config builds */
  public VectorNodeClient client() {
    return client;
  }

  /**
   * Replaces every value a reference resolved to with the reference as written.
   *
   * @param text text that may show a resolved value
   * @return the text, safe to print
   */
  public String redact(String text) {
    return config.redact(text);
  }

  @Override
  public void close() {
    client.close();
  }
}
