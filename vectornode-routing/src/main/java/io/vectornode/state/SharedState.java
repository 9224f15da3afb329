package io.vectornode.state;

import io.vectornode.BudgetThresholdEvent;
import io.vectornode.budget.BudgetStore;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * State shared by every instance of a fleet: budgets, per-minute limits, and keys or deployments
 * cooled down or disabled. Before each attempt the router asks it to {@link #admit} the attempt
 * (one round trip for everything the attempt needs); it publishes what it learns about keys
 * ({@link #keyCooled}, {@link #keyDisabled}, {@link #deploymentCooled}) and receives what other
 * instances published through {@link #subscribe}.
 *
 * <p>Each request carries its in-memory counterparts: an implementation whose store is
 * unreachable may fall back to them ({@link Admission#locally}) or refuse the attempt with
 * {@link io.vectornode.error.StateUnavailableException}, as its configuration says.
 *
 * <p>Implementations are thread-safe; {@link #close()} releases the connection. A client closes
 * a shared state it was built with only when the state was created from its config file.
 *
 * <pre>{@code
 * SharedState fleet = RedisState.builder().uri(Secret.of(System.getenv("REDIS_URL"))).build();
 * VectorNodeClient ai = VectorNode.builder()
 *     .provider(ProviderConfig.builder("openai").apiKey(key).build())
 *     .budget(Budget.of("daily", BudgetScope.global(), Budget.Period.DAY, "25.00"))
 *     .sharedState(fleet)
 *     .build();
 * }</pre>
 */
public interface SharedState extends AutoCloseable {

  /**
   * A budget store that holds for the whole fleet.
   *
   * @param local the in-memory store, for when the shared one is unavailable
   * @param onThreshold receives each soft threshold crossed, once per budget and period for the
   *     whole fleet
   * @return the store
   */
  BudgetStore budgets(BudgetStore local, Consumer<BudgetThresholdEvent> onThreshold);

  /**
   * Admits one attempt: its key and deployment are usable fleet-wide, its per-minute limits have
   * room and its budgets fit, all granted together or nothing. One round trip to a remote
   * store; the router calls it once per attempt, on the calling thread.
   *
   * @param request what the attempt asks
   * @return the answer
   * @throws io.vectornode.error.StateUnavailableException when the store cannot be reached in
   *     time and the configuration says to refuse rather than fall back
   */
  Admission admit(AdmissionRequest request);

  /**
   * Corrects a per-minute limit once an attempt's real amount is known (tokens used against the
   * estimate taken). Off the calling thread's critical path: it does not wait for the store.
   *
   * @param take what the attempt took
   * @param delta the real amount less the amount taken
   */
  void correct(AdmissionRequest.Take take, long delta);

  /**
   * Tells every instance that a key is cooling down (a 429 with Retry-After).
   *
   * @param provider the provider's configured name
   * @param keyId the key's id (a hash, never the key)
   * @param until when it may be used again
   */
  void keyCooled(String provider, String keyId, Instant until);

  /**
   * Tells every instance that a key was refused (401 or 403) and is disabled.
   *
   * @param provider the provider's configured name
   * @param keyId the key's id
   * @param status the HTTP status
   */
  void keyDisabled(String provider, String keyId, int status);

  /**
   * Tells every instance that a deployment is cooling down (its only key got a 429).
   *
   * @param deployment the deployment's name
   * @param until when it may take calls again
   */
  void deploymentCooled(String deployment, Instant until);

  /**
   * Receives what instances publish (this one included), for as long as the state is open.
   *
   * @param listener where the news goes; called on the state's own thread, must not block
   * @return a handle that stops the delivery
   */
  AutoCloseable subscribe(HealthListener listener);

  /**
   * Whether a deployment's circuit breaker opening on one instance makes every instance skip it
   * for the breaker's open duration (published as {@link #deploymentCooled}). Breakers always
   * work per instance; this only spreads their opening.
   *
   * @return false unless configured
   */
  default boolean sharesBreakers() {
    return false;
  }

  /** Releases the connection; the objects it handed out fall back or refuse from now on. */
  @Override
  void close();

  /** News about keys and deployments published by instances of the fleet. */
  interface HealthListener {
    /**
     * A key cools down.
     *
     * @param provider the provider's configured name
     * @param keyId the key's id
     * @param until when it may be used again
     */
    void keyCooled(String provider, String keyId, Instant until);

    /**
     * A key is disabled.
     *
     * @param provider the provider's configured name
     * @param keyId the key's id
     * @param status the HTTP status that disabled it
     */
    void keyDisabled(String provider, String keyId, int status);

    /**
     * A deployment cools down.
     *
     * @param deployment the deployment's name
     * @param until when it may take calls again
     */
    void deploymentCooled(String deployment, Instant until);
  }
}
