package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.catalog.ModelInfo;
import io.vectornode.error.ConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named model on a provider instance, with its client-side limits and, optionally, catalog
 * facts that override the bundled catalog (prices, context window, capabilities): what {@code
 * models:} in the config declares. Requests and routes name it instead of {@code
 * provider/model}, so the model behind a name can change without touching application code.
 *
 * @param name the deployment's name, for example {@code fast}
 * @param provider the provider instance's name, for example {@code openai}
 * @param model the provider's model id, for example {@code gpt-4o-mini}
 * @param limits client-side limits
 * @param info catalog facts for this deployment (overriding the catalog), or null
 * @param keys the keys this deployment uses; empty to use its provider's
 */
public record Deployment(String name, String provider, String model, DeploymentLimits limits,
    @Nullable ModelInfo info, java.util.List<ApiKey> keys) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}");

  /** Validates. */
  public Deployment {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(limits, "limits");
    keys = java.util.List.copyOf(keys);
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException("models." + name,
          "a model name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (model.isBlank()) {
      throw new ConfigurationException("models." + name + ".model", "must not be blank");
    }
  }

  /**
   * A deployment without limits or overrides.
   *
   * @param name its name
   * @param provider the provider instance
   * @param model the model id
   */
  public Deployment(String name, String provider, String model) {
    this(name, provider, model, DeploymentLimits.NONE, null, java.util.List.of());
  }

  /**
   * A deployment with limits and catalog overrides, using its provider's keys.
   *
   * @param name its name
   * @param provider the provider instance
   * @param model the model id
   * @param limits client-side limits
   * @param info catalog overrides, or null
   */
  public Deployment(String name, String provider, String model, DeploymentLimits limits,
      @Nullable ModelInfo info) {
    this(name, provider, model, limits, info, java.util.List.of());
  }

  @Override
  public String toString() {
    return "Deployment[" + name + " = " + provider + "/" + model + ", keys "
        + keys.stream().map(k -> k.secret().id()).toList() + "]";
  }
}
