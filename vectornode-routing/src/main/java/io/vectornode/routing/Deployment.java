package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.error.ConfigurationException;
import java.util.regex.Pattern;

/**
 * A named model on a provider instance: what {@code models:} in the config declares. A request
 * names it by {@code name} instead of {@code provider/model}, so the model behind a name can
 * change without touching application code.
 *
 * @param name the deployment's name, for example {@code fast}
 * @param provider the provider instance's name, for example {@code openai}
 * @param model the provider's model id, for example {@code gpt-4o-mini}
 */
public record Deployment(String name, String provider, String model) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Validates. */
  public Deployment {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException("models." + name,
          "a model name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (model.isBlank()) {
      throw new ConfigurationException("models." + name + ".model", "must not be blank");
    }
  }
}
