package io.vectornode.routing;

import static java.util.Objects.requireNonNull;

import io.vectornode.catalog.ModelInfo;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's health at one moment: its circuit breaker, its cooldown (after a 429 without a
 * usable key to move to) and its keys. Keys appear only as their hash ids.
 *
 * @param name the deployment name
 * @param provider the provider instance
 * @param model the model id sent
 * @param info the catalog's entry for the model (context window, capabilities, prices), or
 *     null when the catalog has none (its calls have an unknown cost)
 * @param breaker the circuit breaker's state
 * @param cooldown how long the deployment still cools down; {@link Duration#ZERO} when it does
 *     not
 * @param keys the deployment's keys
 */
public record DeploymentHealth(String name, String provider, String model,
    @Nullable ModelInfo info, Breaker breaker, Duration cooldown, List<KeyHealth> keys) {

  /** Validates and copies. */
  public DeploymentHealth {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(breaker, "breaker");
    requireNonNull(cooldown, "cooldown");
    keys = List.copyOf(keys);
  }

  /** A circuit breaker's state. */
  public enum Breaker {
    /** Calls pass. */
    CLOSED,
    /** Calls are refused until the open duration passes. */
    OPEN,
    /** A few probe calls pass, to see whether the deployment recovered. */
    HALF_OPEN
  }

  /** @return whether a new call may go here now: breaker not open, not cooling, a key usable */
  public boolean available() {
    return breaker != Breaker.OPEN && cooldown.isZero()
        && keys.stream().anyMatch(k -> k.state() == KeyHealth.State.ACTIVE);
  }

  /**
   * One key of a deployment's pool.
   *
   * @param keyId the key's hash id ({@code key-1a2b3c4d}), never the key
   * @param weight its share of the traffic
   * @param state whether it is used
   * @param cooldown how long it still cools down; zero when it does not
   */
  public record KeyHealth(String keyId, int weight, State state, Duration cooldown) {
    /** Validates. */
    public KeyHealth {
      requireNonNull(keyId, "keyId");
      requireNonNull(state, "state");
      requireNonNull(cooldown, "cooldown");
    }

    /** A key's state. */
    public enum State {
      /** Used. */
      ACTIVE,
      /** Not used until its cooldown passes (after a 429). */
      COOLING,
      /** Never used again by this client (after a 401 or 403). */
      DISABLED
    }
  }
}
