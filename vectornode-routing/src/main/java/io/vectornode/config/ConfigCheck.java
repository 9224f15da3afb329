package io.vectornode.config;

import static java.util.Objects.requireNonNull;

import io.vectornode.routing.DeploymentLimits;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.state.SharedState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A config file checked by building its client, for tools such as {@code vectornode config
 * check} and {@code vectornode state}: the client to look at, the deployments' limits and the
 * fleet state as configured, and a redaction that shows the config's references ({@code
 * ${env:OPENAI_API_KEY}}) wherever text would show what they resolved to. Calls are not logged.
 * Closing it closes the client (and the state its config created). Not thread-safe.
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
   * The limits of the deployments the config's {@code models} block defines (a deployment named
   * {@code provider/model} in a request has none), for tools that show what a limit holds now.
   *
   * @return deployment name to its limits, sorted by name
   */
  public Map<String, DeploymentLimits> deploymentLimits() {
    return config.deploymentLimits();
  }

  /**
   * The state the config's {@code state} block created and the client shares with its fleet
   * (for example {@code vectornode-redis}'s {@code RedisState}), for tools that look inside it.
   * It is closed with this check.
   *
   * @return the shared state, or empty when the config has no {@code state} block
   */
  public Optional<SharedState> sharedState() {
    return Optional.ofNullable(config.sharedState());
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
