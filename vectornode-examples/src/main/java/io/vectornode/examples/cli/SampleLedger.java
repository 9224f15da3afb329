package io.vectornode.examples.cli;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import io.vectornode.error.ProviderError;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.usage.UsageLedger;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A made-up but plausible month of calls for {@code vectornode report --sample} and the report's
 * tests: five teams on four routes over five deployments (one self-hosted, so unpriced), weekday
 * rhythm and growth, rate limits and overloads with retries and fallbacks, an incident on one
 * deployment, prompt caching, streams (time to first token), and calls cut short (estimated
 * cost). Written through the real {@link UsageLedger}, so the ledger is what an application's
 * would be. Deterministic for a seed. Not thread-safe.
 */
final class SampleLedger {
  static final String CATALOG = "litellm-2026-07-24";
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /**
   * A deployment: prices per million tokens (null: unknown), a median latency, a failure rate.
   */
  private record Deployment(String name, String provider, String model, @Nullable BigDecimal in,
      @Nullable BigDecimal cachedIn, @Nullable BigDecimal cacheWrite, @Nullable BigDecimal out,
      double latencyMs, double ttftMs, double failRate) {}

  private static final Deployment MINI = new Deployment("gpt-4o-mini", "openai",
      "gpt-4o-mini-2024-07-18", usd("0.15"), usd("0.075"), null, usd("0.60"), 900, 330, 0.02);
  private static final Deployment GPT4O = new Deployment("gpt-4o", "openai",
      "gpt-4o-2024-08-06", usd("2.50"), usd("1.25"), null, usd("10.00"), 2100, 560, 0.015);
  private static final Deployment SONNET = new Deployment("claude-sonnet", "anthropic",
      "claude-3-5-sonnet-20241022", usd("3.00"), usd("0.30"), usd("3.75"), usd("15.00"), 2600,
      780, 0.035);
  private static final Deployment FLASH = new Deployment("gemini-flash", "gemini",
      "gemini-1.5-flash-002", usd("0.075"), usd("0.01875"), null, usd("0.30"), 650, 280, 0.025);
  private static final Deployment LLAMA = new Deployment("local-llama", "local",
      "llama-3.1-8b-instruct", null, null, null, null, 1500, 420, 0.04);

  /** A route: its deployments in fallback order, typical tokens, and a feature tag. */
  private record Route(String task, String feature, List<Deployment> targets, int input,
      int output, double reasoningShare) {}

  private static final Route CHAT = new Route("chat", "assistant", List.of(MINI, FLASH), 900,
      260, 0);
  private static final Route SUMMARIZE = new Route("summarize", "digest", List.of(FLASH, MINI),
      3200, 320, 0);
  private static final Route REASONING = new Route("reasoning", "analysis",
      List.of(SONNET, GPT4O), 2600, 900, 0.35);
  private static final Route OFFLINE = new Route("offline", "batch", List.of(LLAMA), 1400, 380,
      0);

  /** A team: its share of calls and how it splits them over routes. */
  private record Team(@Nullable String name, double share, List<Route> routes, double[] mix) {}

  private static final List<Team> TEAMS = List.of(
      new Team("search", 0.34, List.of(CHAT, SUMMARIZE), new double[] {0.6, 0.4}),
      new Team("support", 0.25, List.of(CHAT, REASONING), new double[] {0.65, 0.35}),
      new Team("growth", 0.15, List.of(REASONING, CHAT), new double[] {0.5, 0.5}),
      new Team("data-science", 0.15, List.of(REASONING, OFFLINE, SUMMARIZE),
          new double[] {0.4, 0.3, 0.3}),
      new Team("platform", 0.09, List.of(OFFLINE, CHAT), new double[] {0.6, 0.4}),
      new Team(null, 0.02, List.of(CHAT), new double[] {1}));

  /** A clock the generator sets before each record, so that the ledger stamps its time. */
  static final class SampleClock extends Clock {
    private Instant now;

    SampleClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Random random;
  private int ids;

  private SampleLedger(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Writes a sample ledger.
   *
   * @param dir the ledger directory
   * @param firstDay the first day (UTC) of calls
   * @param days how many days
   * @param callsPerDay about how many calls on a weekday at the start (growing about 60%)
   * @param seed the random seed
   */
  static void write(Path dir, LocalDate firstDay, int days, int callsPerDay, long seed) {
    SampleClock clock = new SampleClock(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant());
    try (UsageLedger ledger = UsageLedger.open(dir, clock, ZoneOffset.UTC)) {
      generate(firstDay, days, callsPerDay, seed, clock, ledger::onCallEnd);
    }
  }

  /**
   * Generates calls in time order, setting the clock to each call's end before handing it over.
   */
  static void generate(LocalDate firstDay, int days, int callsPerDay, long seed,
      SampleClock clock, Consumer<CallEndEvent> sink) {
    SampleLedger g = new SampleLedger(seed);
    for (int d = 0; d < days; d++) {
      LocalDate day = firstDay.plusDays(d);
      boolean weekend = day.getDayOfWeek().getValue() >= 6;
      double volume = callsPerDay * (weekend ? 0.42 : 1.0) * (1 + 0.6 * d / Math.max(1, days))
          * (0.85 + 0.3 * g.random.nextDouble());
      // An incident: for two days, claude-sonnet is overloaded most of the time.
      boolean incident = days >= 12 && (d == days - 10 || d == days - 9);
      int calls = (int) Math.round(volume);
      long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      long[] seconds = new long[calls];
      for (int i = 0; i < calls; i++) {
        // Mostly working hours (UTC 07-19), some at night.
        seconds[i] = g.random.nextDouble() < 0.85 ? 7 * 3600 + g.random.nextInt(12 * 3600)
            : g.random.nextInt(86_400);
      }
      java.util.Arrays.sort(seconds);
      for (long s : seconds) {
        CallEndEvent e = g.call(incident);
        clock.set(Instant.ofEpochSecond(start + s, g.random.nextInt(1000) * 1_000_000L));
        sink.accept(e);
      }
    }
  }

  private CallEndEvent call(boolean incident) {
    Team team = pick();
    Route route = team.routes().get(index(team.mix()));
    String id = "vn-sample-" + (++ids);
    boolean stream = random.nextDouble() < 0.5;
    long input = tokens(route.input());
    long output = tokens(route.output());
    List<AttemptEvent> attempts = new ArrayList<>();
    List<VectorNodeException> errors = new ArrayList<>();
    Usage total = Usage.ZERO;
    Cost cost = null;
    long elapsed = 0;
    Long ttft = null;
    CallOutcome outcome = CallOutcome.FAILURE;
    int target = 0;
    boolean cancelled = random.nextDouble() < 0.006;
    while (target < route.targets().size() && attempts.size() < 3) {
      Deployment dep = route.targets().get(target);
      int n = attempts.size() + 1;
      double failRate = incident && dep == SONNET ? 0.55 : dep.failRate();
      boolean last = n == 3 || target == route.targets().size() - 1;
      VectorNodeException error = random.nextDouble() < failRate ? error(dep) : null;
      long latency = error instanceof TransportException ? 30_000
          : lognormal(dep.latencyMs() * (1 + output / 1500.0), 0.45);
      Long attemptTtft = null;
      Usage usage = Usage.ZERO;
      Cost c;
      CallOutcome o;
      String reason = null;
      if (error != null) {
        o = CallOutcome.FAILURE;
        c = dep.in() == null ? Cost.unknown() : Cost.of(BigDecimal.ZERO, CATALOG);
        errors.add(error);
        boolean retryHere = !last && random.nextBoolean() && n < 2;
        reason = last ? null : retryHere ? "retry" : "fallback";
        if (!retryHere) {
          target++;
        }
      } else if (cancelled) {
        o = CallOutcome.CANCELLED;
        // The caller gave up mid-stream: the prompt is charged on an estimate.
        usage = new Usage(input, output / 3, 0, 0, 0);
        c = price(dep, usage, true);
        attemptTtft = lognormal(dep.ttftMs(), 0.4);
      } else {
        o = CallOutcome.SUCCESS;
        long cached = cached(dep, input);
        long write = dep == SONNET && cached == 0 && random.nextDouble() < 0.35 ? input / 2 : 0;
        long reasoning = (long) (output * route.reasoningShare());
        usage = new Usage(input, output, cached, write, reasoning);
        // A stream whose provider sent no usage chunk is priced on an estimate.
        boolean estimated = stream && random.nextDouble() < 0.02;
        c = price(dep, usage, estimated);
        if (stream) {
          attemptTtft = Math.min(latency, lognormal(dep.ttftMs(), 0.4));
        }
      }
      if (attemptTtft != null && ttft == null) {
        ttft = elapsed + attemptTtft;
      }
      attempts.add(new AttemptEvent(id, n, dep.provider(), dep.model(), dep.name(),
          "key-" + Integer.toHexString((dep.name().hashCode() & 0xfff) * 16 + n % 2), o, error,
          usage, c, Duration.ofMillis(latency), attemptTtft == null ? null
              : Duration.ofMillis(attemptTtft), reason, false));
      elapsed += latency + (error != null ? 200 + random.nextInt(800) : 0);
      total = total.plus(usage);
      cost = cost == null ? c : cost.plus(c);
      if (o != CallOutcome.FAILURE) {
        outcome = o;
        break;
      }
    }
    AttemptEvent lastAttempt = attempts.get(attempts.size() - 1);
    Throwable error = switch (outcome) {
      case SUCCESS -> null;
      case CANCELLED -> new java.util.concurrent.CancellationException("cancelled by the caller");
      case FAILURE -> new RoutingException("every attempt failed", errors);
    };
    Map<String, String> tags = team.name() == null ? Map.of("feature", route.feature())
        : Map.of("team", team.name(), "feature", route.feature());
    return new CallEndEvent(id, route.task(), tags, lastAttempt.provider(), lastAttempt.model(),
        total, cost, Duration.ofMillis(elapsed), ttft == null ? null : Duration.ofMillis(ttft),
        attempts, outcome, error);
  }

  private long cached(Deployment dep, long input) {
    double p = dep == SONNET ? 0.7 : dep == MINI || dep == GPT4O ? 0.35 : dep == FLASH ? 0.15
        : 0;
    return random.nextDouble() < p ? (long) (input * (0.3 + 0.55 * random.nextDouble())) : 0;
  }

  private static Cost price(Deployment d, Usage u, boolean estimated) {
    if (d.in() == null) {
      return Cost.unknown();
    }
    BigDecimal plain = BigDecimal.valueOf(u.inputTokens() - u.cachedInputTokens()
        - u.cacheWriteTokens()).multiply(d.in());
    BigDecimal cached = BigDecimal.valueOf(u.cachedInputTokens()).multiply(d.cachedIn());
    BigDecimal write = d.cacheWrite() == null ? BigDecimal.ZERO
        : BigDecimal.valueOf(u.cacheWriteTokens()).multiply(d.cacheWrite());
    BigDecimal out = BigDecimal.valueOf(u.outputTokens()).multiply(d.out());
    BigDecimal usd = plain.add(cached).add(write).add(out).divide(MILLION).stripTrailingZeros();
    return estimated ? Cost.estimated(usd, CATALOG) : Cost.of(usd, CATALOG);
  }

  private VectorNodeException error(Deployment d) {
    double r = random.nextDouble();
    if (r < 0.5) {
      return new RateLimitException(new ProviderError(d.provider(), 429, "rate_limit_exceeded",
          "Rate limit reached", null, true, Duration.ofSeconds(2), Map.of()), false);
    }
    if (r < 0.8) {
      return new ServiceUnavailableException(new ProviderError(d.provider(), 529, "overloaded",
          "Overloaded", null, true, null, Map.of()));
    }
    return new TransportException(d.provider(), TransportException.Kind.TIMEOUT, true,
        "read timed out", null);
  }

  private Team pick() {
    double r = random.nextDouble();
    for (Team t : TEAMS) {
      r -= t.share();
      if (r < 0) {
        return t;
      }
    }
    return TEAMS.get(0);
  }

  private int index(double[] weights) {
    double r = random.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private long tokens(int median) {
    return Math.max(1, lognormal(median, 0.6));
  }

  private long lognormal(double median, double sigma) {
    return Math.max(1, Math.round(median * Math.exp(sigma * random.nextGaussian())));
  }

  private static BigDecimal usd(String s) {
    return new BigDecimal(s);
  }
}
