package io.vectornode.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vectornode.AttemptEvent;
import io.vectornode.AttemptStartEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.ChatResponse;
import io.vectornode.Usage;
import io.vectornode.error.BudgetExceededException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The meters of calls and attempts, and how each event fills them. Every meter's series have the
 * same tag keys (Prometheus requires it): an absent value is {@value TagValues#NONE}; every value
 * passes through {@link TagValues}. Thread-safe.
 */
final class CallMeters {
  /** The conventions' bucket boundaries for durations, in seconds. */
  private static final double[] SECONDS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
      5.12, 10.24, 20.48, 40.96, 81.92};
  /** The conventions' bucket boundaries for token counts. */
  private static final double[] TOKENS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144,
      1048576, 4194304, 16777216, 67108864};
  /** Provider instances remembered with their type: at most this many (instances are config). */
  private static final int MAX_INSTANCES = 1024;

  private final MetricsOptions options;
  private final TagValues values;
  /** Provider instance name to its type, learned from attempt start events. */
  private final Map<String, String> providerTypes = new ConcurrentHashMap<>();

  private final Meter.MeterProvider<Timer> duration;
  private final Meter.MeterProvider<Timer> firstChunk;
  private final Meter.MeterProvider<Timer> attemptDuration;
  private final Meter.MeterProvider<DistributionSummary> tokens;
  private final Meter.MeterProvider<DistributionSummary> attempts;
  private final Meter.MeterProvider<Counter> retries;
  private final Meter.MeterProvider<Counter> fallbacks;
  private final Meter.MeterProvider<Counter> hedges;
  private final Meter.MeterProvider<Counter> cost;
  private final Meter.MeterProvider<Counter> costUnknown;
  private final Meter.MeterProvider<Counter> costEstimated;
  private final Meter.MeterProvider<Counter> budgetRefusals;
  private final Meter.MeterProvider<Counter> cacheHits;

  CallMeters(MeterRegistry registry, MetricsOptions options, TagValues values) {
    this.options = options;
    this.values = values;
    boolean buckets = options.histogramBuckets();
    this.duration = timer(Names.OPERATION_DURATION,
        "GenAI operation duration: one call, from its start to its end, every attempt included",
        buckets).withRegistry(registry);
    this.firstChunk = timer(Names.TIME_TO_FIRST_CHUNK,
        "Time from a streaming call's start to its first content", buckets)
        .withRegistry(registry);
    this.attemptDuration = timer(Names.ATTEMPT_DURATION,
        "Duration of one upstream attempt (a call has one per retry, fallback or hedge)", buckets)
        .withRegistry(registry);
    DistributionSummary.Builder tokenBuilder = DistributionSummary.builder(Names.TOKEN_USAGE)
        .description("Input and output tokens the provider reported, per attempt")
        .baseUnit("tokens");
    if (buckets) {
      tokenBuilder.serviceLevelObjectives(TOKENS);
    }
    this.tokens = tokenBuilder.withRegistry(registry);
    this.attempts = DistributionSummary.builder(Names.ATTEMPTS)
        .description("Upstream attempts per call (0: no deployment could take it)")
        .baseUnit("attempts").withRegistry(registry);
    this.retries = counter(Names.RETRIES, "Attempts sent again to the deployment that failed",
        "attempts").withRegistry(registry);
    this.fallbacks = counter(Names.FALLBACKS,
        "Attempts sent to another deployment after an attempt failed", "attempts")
        .withRegistry(registry);
    this.hedges = counter(Names.HEDGES,
        "Attempts raced on a second deployment against a slow first one", "attempts")
        .withRegistry(registry);
    this.cost = counter(Names.COST,
        "What attempts cost, in USD: exact, or estimated when the provider reported no usage",
        "usd").withRegistry(registry);
    this.costUnknown = counter(Names.COST_UNKNOWN,
        "Attempts whose cost is unknown (no price for the model)", "attempts")
        .withRegistry(registry);
    this.costEstimated = counter(Names.COST_ESTIMATED,
        "Attempts priced from an estimate of their tokens", "attempts").withRegistry(registry);
    this.budgetRefusals = counter(Names.BUDGET_REFUSALS,
        "Calls refused by a budget before any request was sent", "calls")
        .withRegistry(registry);
    this.cacheHits = counter(Names.CACHE_HITS,
        "Calls answered from the response cache: no request sent, no cost", "calls")
        .withRegistry(registry);
  }

  private static Timer.Builder timer(String name, String description, boolean buckets) {
    Timer.Builder b = Timer.builder(name).description(description);
    if (buckets) {
      Duration[] slos = new Duration[SECONDS.length];
      for (int i = 0; i < SECONDS.length; i++) {
        slos[i] = Duration.ofMillis(Math.round(SECONDS[i] * 1000));
      }
      b.serviceLevelObjectives(slos);
    }
    return b;
  }

  private static Counter.Builder counter(String name, String description, String unit) {
    return Counter.builder(name).description(description).baseUnit(unit);
  }

  /** An attempt is about to be sent: its provider's type, and a retry, fallback or hedge. */
  void attemptStarted(AttemptStartEvent e) {
    if (providerTypes.size() < MAX_INSTANCES || providerTypes.containsKey(e.provider())) {
      providerTypes.put(e.provider(), e.providerType());
    }
    Meter.MeterProvider<Counter> counter = switch (e.kind()) {
      case RETRY -> retries;
      case FALLBACK -> fallbacks;
      case HEDGE -> hedges;
      case FIRST -> null;
    };
    if (counter == null) {
      return;
    }
    List<Tag> tags = new ArrayList<>(8);
    tags.add(Tag.of(Names.OPERATION, Names.CHAT));
    tags.add(Tag.of(Names.PROVIDER, providerName(e.provider())));
    tags.add(Tag.of(Names.REQUEST_MODEL, values.of(Names.REQUEST_MODEL, e.model())));
    tags.add(Tag.of(Names.DEPLOYMENT, values.of(Names.DEPLOYMENT, e.deployment())));
    userTags(tags, e.request().tags());
    counter.withTags(tags).increment();
  }

  /**
   * A call ended: its duration, attempts and first chunk; then each attempt's duration, tokens
   * and cost; and a budget's refusal.
   *
   * @param streaming whether the call was a stream (false when its start was not followed)
   */
  void callEnded(CallEndEvent e, boolean streaming) {
    List<AttemptEvent> all = e.attempts();
    AttemptEvent last = served(e);
    String provider = last == null ? TagValues.NONE : providerName(last.provider());
    String requestModel = last == null ? TagValues.NONE
        : values.of(Names.REQUEST_MODEL, last.model());
    String responseModel = values.of(Names.RESPONSE_MODEL, responseModel(e));
    String deployment = values.of(Names.DEPLOYMENT, last == null ? null : last.deployment());
    String task = values.of(Names.TASK, e.task());
    String outcome = e.outcome().name().toLowerCase(Locale.ROOT);

    List<Tag> call = new ArrayList<>(12);
    call.add(Tag.of(Names.OPERATION, Names.operation(e.operation())));
    call.add(Tag.of(Names.PROVIDER, provider));
    if (options.legacySystemTag()) {
      call.add(Tag.of(Names.SYSTEM, provider));
    }
    call.add(Tag.of(Names.REQUEST_MODEL, requestModel));
    call.add(Tag.of(Names.RESPONSE_MODEL, responseModel));
    call.add(Tag.of(Names.DEPLOYMENT, deployment));
    call.add(Tag.of(Names.TASK, task));
    userTags(call, e.tags());
    Tags callTags = Tags.of(call);

    duration.withTags(callTags.and(Names.ERROR_TYPE, errorType(e.error()))
        .and(Names.OUTCOME, outcome)).record(e.latency());
    attempts.withTags(callTags.and(Names.OUTCOME, outcome)).record(all.size());
    if (streaming && e.timeToFirstToken() != null) {
      firstChunk.withTags(callTags).record(e.timeToFirstToken());
    }
    for (AttemptEvent a : all) {
      attemptEnded(e, a, a == last && e.outcome() == CallOutcome.SUCCESS ? responseModel
          : TagValues.NONE, task);
    }
    if (e.cacheHit()) {
      List<Tag> tags = new ArrayList<>(4);
      tags.add(Tag.of(Names.RESPONSE_MODEL, responseModel));
      tags.add(Tag.of(Names.TASK, task));
      userTags(tags, e.tags());
      cacheHits.withTags(tags).increment();
    }
    if (e.error() instanceof BudgetExceededException refused) {
      List<Tag> tags = new ArrayList<>(4);
      tags.add(Tag.of(Names.TASK, task));
      tags.add(Tag.of(Names.BUDGET, values.of(Names.BUDGET, refused.budget())));
      userTags(tags, e.tags());
      budgetRefusals.withTags(tags).increment();
    }
  }

  private void attemptEnded(CallEndEvent call, AttemptEvent a, String responseModel,
      String task) {
    String provider = providerName(a.provider());
    List<Tag> attempt = new ArrayList<>(10);
    attempt.add(Tag.of(Names.OPERATION, Names.operation(call.operation())));
    attempt.add(Tag.of(Names.PROVIDER, provider));
    attempt.add(Tag.of(Names.REQUEST_MODEL, values.of(Names.REQUEST_MODEL, a.model())));
    attempt.add(Tag.of(Names.DEPLOYMENT, values.of(Names.DEPLOYMENT, a.deployment())));
    attempt.add(Tag.of(Names.TASK, task));
    userTags(attempt, call.tags());
    Tags tags = Tags.of(attempt);

    attemptDuration.withTags(tags.and(Names.OUTCOME, a.outcome().name().toLowerCase(Locale.ROOT))
        .and(Names.ERROR_TYPE, errorType(a.error()))).record(a.latency());

    BigDecimal usd = a.cost().usd().orElse(null);
    if (usd == null) {
      costUnknown.withTags(tags).increment();
    } else {
      cost.withTags(tags.and(Names.COST_IS_ESTIMATED, Boolean.toString(a.cost().estimated())))
          .increment(usd.doubleValue());
      if (a.cost().estimated()) {
        costEstimated.withTags(tags).increment();
      }
    }

    // Tokens the provider reported (the conventions: billable counts, never estimates). An
    // attempt charged an estimate (a lost hedge, a stream cut before its usage) has none.
    Usage u = a.usage();
    boolean reported = !a.cost().estimated()
        && (a.outcome() == CallOutcome.SUCCESS || u.totalTokens() > 0);
    if (reported) {
      List<Tag> t = new ArrayList<>(attempt.size() + 3);
      t.add(Tag.of(Names.OPERATION, Names.operation(call.operation())));
      t.add(Tag.of(Names.PROVIDER, provider));
      if (options.legacySystemTag()) {
        t.add(Tag.of(Names.SYSTEM, provider));
      }
      t.addAll(attempt.subList(2, attempt.size()));
      t.add(Tag.of(Names.RESPONSE_MODEL, responseModel));
      Tags tokenTags = Tags.of(t);
      tokens.withTags(tokenTags.and(Names.TOKEN_TYPE, "input")).record(u.inputTokens());
      tokens.withTags(tokenTags.and(Names.TOKEN_TYPE, "output")).record(u.outputTokens());
    }
  }

  /** The attempt that answered, or the last one tried; null when none was made. */
  static @Nullable AttemptEvent served(CallEndEvent e) {
    List<AttemptEvent> all = e.attempts();
    if (e.outcome() == CallOutcome.SUCCESS) {
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).outcome() == CallOutcome.SUCCESS) {
          return all.get(i);
        }
      }
    }
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** The model that answered, as the provider named it; null when the call failed. */
  static @Nullable String responseModel(CallEndEvent e) {
    if (e.outcome() != CallOutcome.SUCCESS) {
      return null;
    }
    ChatResponse r = e.response();
    return r != null ? r.model() : e.model();
  }

  /** The conventions' provider name of an instance (its type's when known, else its own). */
  String providerName(String instance) {
    String type = providerTypes.get(instance);
    return values.of(Names.PROVIDER, Names.providerName(type != null ? type : instance));
  }

  /** The error's class name, fully qualified (the conventions' "canonical name"). */
  String errorType(@Nullable Throwable error) {
    return error == null ? TagValues.NONE : values.of(Names.ERROR_TYPE, error.getClass().getName());
  }

  private void userTags(List<Tag> tags, Map<String, String> requestTags) {
    for (String key : options.allowedTags()) {
      tags.add(Tag.of(key, values.of(key, requestTags.get(key))));
    }
  }
}
