package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.ResponseFormat;
import io.vectornode.catalog.Capability;
import io.vectornode.catalog.ModelInfo;
import io.vectornode.catalog.Prices;
import io.vectornode.error.RoutingException;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which deployments may serve a call and in what order: first the capability filter
 * (what the request needs and the route requires, and a large enough context window), then the
 * route's strategy. A model missing from the catalog passes the filter (it is not known to lack
 * anything) but is never preferred by cost.
 */
final class Planner {
  /** Probability that least-latency routing explores a deployment other than the fastest. */
  static final double EXPLORATION = 0.1;

  /** Thread-safe: {@link FastRandom} by default, a seeded Random in reproducible tests. */
  private final Random random;

  Planner(Random random) {
    this.random = random;
  }

  static Set<Capability> needs(ChatRequest r, Route route) {
    Set<Capability> needs = EnumSet.noneOf(Capability.class);
    needs.addAll(route.requires());
    if (TokenEstimate.needsVision(r)) {
      needs.add(Capability.VISION);
    }
    if (!r.tools().isEmpty()) {
      needs.add(Capability.TOOLS);
    }
    if (r.responseFormat() instanceof ResponseFormat.JsonSchema) {
      needs.add(Capability.JSON_SCHEMA);
    }
    return needs;
  }

  /**
   * What the planner precomputes for one route over one set of deployments, so that ordering a
   * call allocates at most one small array: the targets and their weights, and per target a
   * capability mask, context window and output cap (unknown models pass every check).
   */
  static final class Prepared {
    final Route route;
    final Map<String, DeploymentState> states;
    final DeploymentState[] targets;
    final int[] weights;
    final int[] caps;
    final long[] window;
    final long[] maxOut;
    final int routeNeeds;
    /** All targets in the route's order, for the common case where every one is eligible. */
    final List<DeploymentState> all;

    Prepared(Route route, Map<String, DeploymentState> states) {
      this.route = route;
      this.states = states;
      List<RouteTarget> ts = route.targets();
      int n = ts.size();
      targets = new DeploymentState[n];
      weights = new int[n];
      caps = new int[n];
      window = new long[n];
      maxOut = new long[n];
      for (int i = 0; i < n; i++) {
        DeploymentState d = states.get(ts.get(i).deployment());
        targets[i] = d;
        weights[i] = ts.get(i).weight();
        ModelInfo info = d.info;
        caps[i] = info == null ? ~0 : mask(info);
        window[i] = info == null ? Long.MAX_VALUE : info.contextWindow();
        maxOut[i] = info == null ? Long.MAX_VALUE : info.maxOutputTokens();
      }
      routeNeeds = mask(route.requires());
      all = List.of(targets);
    }

    private static int mask(ModelInfo info) {
      int m = 0;
      for (Capability c : Capability.values()) {
        if (info.has(c)) {
          m |= 1 << c.ordinal();
        }
      }
      return m;
    }

    private static int mask(Set<Capability> set) {
      int m = 0;
      for (Capability c : set) {
        m |= 1 << c.ordinal();
      }
      return m;
    }
  }

  /**
   * The deployments that can serve the request, in the route's order. Does not allocate when
   * every target is eligible and the strategy is fallback; allocates one array for the other
   * strategies. A route has at most {@link Route#MAX_TARGETS}, so eligibility fits one long.
   *
   * @throws RoutingException naming what each deployment lacks when none can
   */
  List<DeploymentState> order(ChatRequest r, Prepared plan, long inputEstimate) {
    int n = plan.targets.length;
    int needs = plan.routeNeeds;
    if (!r.tools().isEmpty()) {
      needs |= 1 << Capability.TOOLS.ordinal();
    }
    if (r.responseFormat() instanceof ResponseFormat.JsonSchema) {
      needs |= 1 << Capability.JSON_SCHEMA.ordinal();
    }
    if (TokenEstimate.needsVision(r)) {
      needs |= 1 << Capability.VISION.ordinal();
    }
    long maxOut = r.maxOutputTokens().orElse(0);
    long tokens = inputEstimate + maxOut;
    long eligible = 0;
    for (int i = 0; i < n; i++) {
      if ((plan.caps[i] & needs) == needs && tokens <= plan.window[i]
          && maxOut <= plan.maxOut[i]) {
        eligible |= 1L << i;
      }
    }
    if (eligible == 0) {
      throw refusal(r, plan, inputEstimate);
    }
    boolean every = Long.bitCount(eligible) == n;
    return switch (plan.route.strategy()) {
      case FALLBACK -> every ? plan.all : pick(plan, eligible);
      case WEIGHTED -> weighted(plan, eligible);
      case LEAST_LATENCY -> leastLatency(pick(plan, eligible), r);
      case LEAST_COST -> leastCost(pick(plan, eligible), inputEstimate, maxOut);
    };
  }

  private static List<DeploymentState> pick(Prepared plan, long eligible) {
    DeploymentState[] out = new DeploymentState[Long.bitCount(eligible)];
    int k = 0;
    for (int i = 0; i < plan.targets.length; i++) {
      if ((eligible & (1L << i)) != 0) {
        out[k++] = plan.targets[i];
      }
    }
    return Arrays.asList(out);
  }

  /**
   * A uniform draw in [0, bound) by multiply-shift instead of a division (which costs more than
   * everything else in a pick); the bias, at most bound / 2^32, is far below anything weights
   * can express.
   */
  private int draw(int bound) {
    return (int) (((random.nextInt() & 0xFFFFFFFFL) * bound) >>> 32);
  }

  /**
   * A weighted random order without replacement: each pick chooses among the targets left, in
   * proportion to their weights (the same draws as choosing from shrinking lists). Picks are
   * made as the order is read: a call whose first deployment answers makes one draw.
   */
  /**
   * @param now the router's ticker
   * @return whether every deployment of the route is healthy then
   */
  static boolean allHealthy(Prepared plan, long now) {
    for (DeploymentState d : plan.targets) {
      if (!d.healthy(now)) {
        return false;
      }
    }
    return true;
  }

  private List<DeploymentState> weighted(Prepared plan, long eligible) {
    int count = Long.bitCount(eligible);
    if (count == 1) {
      return List.of(plan.targets[Long.numberOfTrailingZeros(eligible)]);
    }
    return new WeightedOrder(plan, eligible, count);
  }

  /** The lazily drawn order; not thread-safe (it belongs to one call). */
  private final class WeightedOrder extends AbstractList<DeploymentState>
      implements RandomAccess {
    private final Prepared plan;
    private final int count;
    private long left;
    private int total;
    private int picked;
    private @Nullable DeploymentState first;
    private DeploymentState @Nullable [] rest;

    WeightedOrder(Prepared plan, long eligible, int count) {
      this.plan = plan;
      this.count = count;
      this.left = eligible;
      for (long m = eligible; m != 0; m &= m - 1) {
        total += plan.weights[Long.numberOfTrailingZeros(m)];
      }
    }

    @Override
    public DeploymentState get(int index) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException(index);
      }
      while (picked <= index) {
        DeploymentState d = pickNext();
        if (picked == 0) {
          first = d;
        } else {
          if (rest == null) {
            rest = new DeploymentState[count - 1];
          }
          rest[picked - 1] = d;
        }
        picked++;
      }
      return index == 0 ? first : rest[index - 1];
    }

    private DeploymentState pickNext() {
      int pick = draw(total);
      int chosen = -1;
      for (long m = left; m != 0; m &= m - 1) {
        int i = Long.numberOfTrailingZeros(m);
        if (pick < plan.weights[i]) {
          chosen = i;
          break;
        }
        pick -= plan.weights[i];
      }
      left &= ~(1L << chosen);
      total -= plan.weights[chosen];
      return plan.targets[chosen];
    }

    @Override
    public int size() {
      return count;
    }
  }

  /** Says what each deployment lacks, when none can serve the request. */
  private static RoutingException refusal(ChatRequest r, Prepared plan, long inputEstimate) {
    Set<Capability> needs = needs(r, plan.route);
    long maxOut = r.maxOutputTokens().orElse(0);
    List<String> refusals = new ArrayList<>();
    for (DeploymentState d : plan.targets) {
      String missing = missing(d.info, needs, inputEstimate, maxOut);
      if (missing != null) {
        refusals.add(d.name() + " " + missing);
      }
    }
    return new RoutingException("no deployment of route '" + plan.route.name()
        + "' can serve this request: " + String.join("; ", refusals), List.of());
  }

  static String missing(ModelInfo info, Set<Capability> needs, long input, long maxOut) {
    if (info == null) {
      return null;
    }
    List<String> lacks = new ArrayList<>();
    for (Capability c : needs) {
      if (!info.has(c)) {
        lacks.add(c.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (!lacks.isEmpty()) {
      return "lacks " + String.join(", ", lacks);
    }
    if (input + maxOut > info.contextWindow()) {
      return "has a " + info.contextWindow() + "-token context window; the request needs about "
          + (input + maxOut) + " (" + input + " in + " + maxOut + " out)";
    }
    if (maxOut > info.maxOutputTokens()) {
      return "allows at most " + info.maxOutputTokens() + " output tokens; the request asks for "
          + maxOut;
    }
    return null;
  }

  private List<DeploymentState> leastLatency(List<DeploymentState> in, ChatRequest r) {
    List<DeploymentState> out = new ArrayList<>(in);
    // Unmeasured deployments first (they may be the fastest), then by moving average.
    out.sort(Comparator.comparingDouble(d -> {
      double v = d.latency.ewma();
      return Double.isNaN(v) ? -1 : v;
    }));
    double roll = random.nextDouble();
    if (out.size() > 1 && roll < EXPLORATION) {
      int pick = 1 + random.nextInt(out.size() - 1);
      out.add(0, out.remove(pick)); // explore: a recovered deployment gets measured again
    }
    return out;
  }

  private static List<DeploymentState> leastCost(List<DeploymentState> in, long input,
      long maxOut) {
    long out = maxOut > 0 ? maxOut : 500;
    List<DeploymentState> sorted = new ArrayList<>(in);
    sorted.sort(Comparator.comparing((DeploymentState d) -> estimate(d.info, input, out),
        Comparator.nullsLast(Comparator.naturalOrder())));
    return sorted;
  }

  static BigDecimal estimate(ModelInfo info, long input, long output) {
    if (info == null || info.prices() == null) {
      return null;
    }
    Prices p = info.prices();
    return p.input().multiply(BigDecimal.valueOf(input))
        .add(p.output().multiply(BigDecimal.valueOf(output)));
  }
}
