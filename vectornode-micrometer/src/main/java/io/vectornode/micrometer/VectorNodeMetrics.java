package io.vectornode.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.vectornode.AttemptStartEvent;
import io.vectornode.BudgetThresholdEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.KeyDisabledEvent;
import io.vectornode.ModelCallListener;
import io.vectornode.UsageAnomalyEvent;
import io.vectornode.routing.VectorNodeClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records VectorNode's calls in a Micrometer {@link MeterRegistry}: the OpenTelemetry GenAI
 * semantic conventions' meters ({@code gen_ai.client.operation.duration}, {@code
 * gen_ai.client.token.usage}, {@code gen_ai.client.operation.time_to_first_chunk}) and
 * VectorNode's own ({@code vectornode.client.cost}, attempts, retries, fallbacks, hedges, budget
 * refusals and thresholds, keys disabled, usage anomalies); with {@link #monitor}, gauges of each
 * deployment's circuit breaker and each budget's remaining amount; with an {@link
 * ObservationRegistry}, one {@link Observation} per call ({@code vectornode.call}) whose parent is
 * the caller's current one, so that a tracing bridge makes a span of it. The README's "Metrics
 * with Micrometer" lists every meter with its unit and tags.
 *
 * <pre>{@code
 * VectorNodeMetrics metrics = VectorNodeMetrics.create(meterRegistry, observationRegistry,
 *     MetricsOptions.builder().allowTag("team").build());
 * VectorNodeClient ai = VectorNode.builderFromConfig(Path.of("vectornode.yaml"))
 *     .listener(metrics).build();
 * metrics.monitor(ai);           // breaker and budget gauges
 * }</pre>
 *
 * <p>Tags are bounded: never a request id, a key or a prompt; request tags only when allowed in
 * {@link MetricsOptions}; each tag at most {@link MetricsOptions#maxTagValues()} values. A
 * listener of any number of clients; its methods are fast and never throw on a well-formed
 * event (the client catches whatever a listener throws anyway). Thread-safe.
 */
public final class VectorNodeMetrics implements ModelCallListener {
  private final MeterRegistry registry;
  private final TagValues values;
  private final CallMeters meters;
  private final InFlightCalls inFlight;
  private final List<ClientGauges> clients = new CopyOnWriteArrayList<>();

  private VectorNodeMetrics(MeterRegistry registry, ObservationRegistry observations,
      MetricsOptions options) {
    this.registry = requireNonNull(registry, "registry");
    requireNonNull(observations, "observations");
    requireNonNull(options, "options");
    this.values = new TagValues(options.maxTagValues());
    this.meters = new CallMeters(registry, options, values);
    this.inFlight = new InFlightCalls(options.maxCallsInFlight(), registry.config().clock(),
        observations);
  }

  /**
   * Meters only, with the default options.
   *
   * @param registry where the meters go
   * @return the listener, to register on a client
   */
  public static VectorNodeMetrics create(MeterRegistry registry) {
    return new VectorNodeMetrics(registry, ObservationRegistry.NOOP, MetricsOptions.defaults());
  }

  /**
   * Meters only.
   *
   * @param registry where the meters go
   * @param options which request tags to record, bounds, buckets
   * @return the listener
   */
  public static VectorNodeMetrics create(MeterRegistry registry, MetricsOptions options) {
    return new VectorNodeMetrics(registry, ObservationRegistry.NOOP, options);
  }

  /**
   * Meters, and one Observation per call in {@code observations}.
   *
   * @param registry where the meters go
   * @param observations where the calls' Observations go ({@link ObservationRegistry#NOOP} for
   *     none)
   * @param options which request tags to record, bounds, buckets
   * @return the listener
   */
  public static VectorNodeMetrics create(MeterRegistry registry,
      ObservationRegistry observations, MetricsOptions options) {
    return new VectorNodeMetrics(registry, observations, options);
  }

  /**
   * Adds the gauges of a client built with this listener: {@code
   * vectornode.deployment.breaker.state} per deployment and state, {@code
   * vectornode.budget.remaining} and {@code vectornode.budget.limit} per budget. A deployment
   * that a reload adds gets its gauges at its first attempt; call again after a reload to add
   * new budgets. Calling twice registers nothing twice.
   *
   * @param client the client
   * @return this listener
   */
  public VectorNodeMetrics monitor(VectorNodeClient client) {
    requireNonNull(client, "client");
    ClientGauges gauges = new ClientGauges(registry, values, client);
    clients.add(gauges);
    gauges.refresh();
    return this;
  }

  /** @return how many calls in flight are followed (for tests and diagnostics) */
  int callsInFlight() {
    return inFlight.size();
  }

  @Override
  public void onCallStart(CallStartEvent event) {
    inFlight.start(event);
  }

  @Override
  public Map<String, String> onAttemptStart(AttemptStartEvent event) {
    meters.attemptStarted(event);
    String deployment = event.deployment();
    if (deployment != null) {
      for (ClientGauges g : clients) {
        g.refreshFor(deployment); // a deployment a reload added
      }
    }
    return Map.of();
  }

  @Override
  public void onCallEnd(CallEndEvent event) {
    InFlightCalls.Call call = inFlight.end(event.requestId());
    meters.callEnded(event, call != null && call.start().streaming());
    if (call != null && call.observation() != null) {
      stop(call.observation(), event);
    }
  }

  /** Gives the call's Observation what the end says, then stops it. */
  private void stop(Observation o, CallEndEvent e) {
    if (o.getContext() instanceof VectorNodeObservationContext c) {
      c.ended(e);
    }
    io.vectornode.AttemptEvent served = CallMeters.served(e);
    String provider = served == null ? TagValues.NONE : meters.providerName(served.provider());
    String model = served == null ? TagValues.NONE
        : values.of(Names.REQUEST_MODEL, served.model());
    o.lowCardinalityKeyValue(Names.PROVIDER, provider)
        .lowCardinalityKeyValue(Names.REQUEST_MODEL, model)
        .lowCardinalityKeyValue(Names.RESPONSE_MODEL,
            values.of(Names.RESPONSE_MODEL, CallMeters.responseModel(e)))
        .lowCardinalityKeyValue(Names.TASK, values.of(Names.TASK, e.task()))
        .lowCardinalityKeyValue(Names.OUTCOME, e.outcome().name().toLowerCase(Locale.ROOT))
        .lowCardinalityKeyValue(Names.ERROR_TYPE, meters.errorType(e.error()))
        .highCardinalityKeyValue(Names.INPUT_TOKENS, Long.toString(e.usage().inputTokens()))
        .highCardinalityKeyValue(Names.OUTPUT_TOKENS, Long.toString(e.usage().outputTokens()))
        .highCardinalityKeyValue(Names.ATTEMPT_COUNT, Integer.toString(e.attempts().size()))
        .highCardinalityKeyValue(Names.COST_USD,
            e.cost().usd().map(java.math.BigDecimal::toPlainString).orElse("unknown"));
    Throwable error = e.error();
    if (error != null && e.outcome() == CallOutcome.FAILURE) {
      o.error(error);
    }
    o.stop();
  }

  @Override
  public void onBudgetThreshold(BudgetThresholdEvent event) {
    Counter.builder(Names.BUDGET_THRESHOLDS)
        .description("Soft thresholds budgets crossed (once per threshold per period)")
        .baseUnit("events")
        .tags(Tags.of(Names.BUDGET, values.of(Names.BUDGET, event.budget()),
            Names.THRESHOLD, values.of(Names.THRESHOLD, Double.toString(event.threshold()))))
        .register(registry).increment();
  }

  @Override
  public void onKeyDisabled(KeyDisabledEvent event) {
    // The provider instance and the status only: never the key, nor its id.
    Counter.builder(Names.KEYS_DISABLED)
        .description("API keys taken out of rotation after the provider rejected them")
        .baseUnit("keys")
        .tags(Tags.of(Names.PROVIDER_INSTANCE,
            values.of(Names.PROVIDER_INSTANCE, event.provider()),
            Names.STATUS_CODE, Integer.toString(event.status())))
        .register(registry).increment();
  }

  @Override
  public void onUsageAnomaly(UsageAnomalyEvent event) {
    Counter.builder(Names.USAGE_ANOMALIES)
        .description("Attempts whose reported tokens exceeded what the call could use")
        .baseUnit("attempts")
        .tags(Tags.of(Names.PROVIDER, meters.providerName(event.provider()),
            Names.REQUEST_MODEL, values.of(Names.REQUEST_MODEL, event.model()),
            Names.DEPLOYMENT, values.of(Names.DEPLOYMENT, event.deployment()),
            Names.ANOMALY, event.kind().name().toLowerCase(Locale.ROOT)))
        .register(registry).increment();
  }

  @Override
  public String toString() {
    return "VectorNodeMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}
