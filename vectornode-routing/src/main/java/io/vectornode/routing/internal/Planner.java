package io.vectornode.routing.internal;

import io.vectornode.ChatRequest;
import io.vectornode.ResponseFormat;
import io.vectornode.error.RoutingException;
import io.vectornode.routing.Capability;
import io.vectornode.routing.ModelInfo;
import io.vectornode.routing.Prices;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Decides which deployments may serve a call and in what order: first the capability filter
 * (what the request needs and the route requires, and a large enough context window), then the
 * route's strategy. A model missing from the catalog passes the filter (it is not known to lack
 * anything) but is never preferred by cost.
 */
final class Planner {
  /** Probability that least-latency routing explores a deployment other than the fastest. */
  static final double EXPLORATION = 0.1;

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
   * The deployments that can serve the request, in the route's order.
   *
   * @throws RoutingException naming what each deployment lacks when none can
   */
  List<DeploymentState> order(ChatRequest r, Route route, Map<String, DeploymentState> states,
      long inputEstimate) {
    Set<Capability> needs = needs(r, route);
    long maxOut = r.maxOutputTokens().orElse(0);
    List<DeploymentState> eligible = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (RouteTarget t : route.targets()) {
      DeploymentState d = states.get(t.deployment());
      String missing = missing(d.info, needs, inputEstimate, maxOut);
      if (missing == null) {
        eligible.add(d);
        weights.add(t.weight());
      } else {
        refusals.add(d.name() + " " + missing);
      }
    }
    if (eligible.isEmpty()) {
      throw new RoutingException("no deployment of route '" + route.name()
          + "' can serve this request: " + String.join("; ", refusals), List.of());
    }
    return switch (route.strategy()) {
      case FALLBACK -> eligible;
      case WEIGHTED -> weighted(eligible, weights);
      case LEAST_LATENCY -> leastLatency(eligible, r);
      case LEAST_COST -> leastCost(eligible, inputEstimate, maxOut);
    };
  }

  private static String missing(ModelInfo info, Set<Capability> needs, long input, long maxOut) {
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

  private List<DeploymentState> weighted(List<DeploymentState> in, List<Integer> weights) {
    List<DeploymentState> left = new ArrayList<>(in);
    List<Integer> w = new ArrayList<>(weights);
    List<DeploymentState> out = new ArrayList<>(in.size());
    while (!left.isEmpty()) {
      int total = w.stream().mapToInt(Integer::intValue).sum();
      int pick;
      synchronized (random) {
        pick = random.nextInt(total);
      }
      int i = 0;
      while (pick >= w.get(i)) {
        pick -= w.get(i++);
      }
      out.add(left.remove(i));
      w.remove(i);
    }
    return out;
  }

  private List<DeploymentState> leastLatency(List<DeploymentState> in, ChatRequest r) {
    List<DeploymentState> out = new ArrayList<>(in);
    // Unmeasured deployments first (they may be the fastest), then by moving average.
    out.sort(Comparator.comparingDouble(d -> {
      double v = d.latency.ewma();
      return Double.isNaN(v) ? -1 : v;
    }));
    double roll;
    synchronized (random) {
      roll = random.nextDouble();
    }
    if (out.size() > 1 && roll < EXPLORATION) {
      int pick;
      synchronized (random) {
        pick = 1 + random.nextInt(out.size() - 1);
      }
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
