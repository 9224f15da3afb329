package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.catalog.Capability;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.Hedging;
import io.vectornode.routing.Route;
import io.vectornode.routing.RouteTarget;
import io.vectornode.routing.Strategy;
import io.vectornode.routing.VectorNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code routes} section: named policies over models (strategy, weighted targets, required
 * capabilities, content-policy fallback, hedging).
 */
final class RouteSection {
  private static final Set<String> ROUTE =
      Set.of("strategy", "targets", "requires", "contentPolicyFallback", "hedging", "cache");
  private static final Set<String> HEDGING = Set.of("delay", "p95", "minDelay");

  private RouteSection() {}

  /**
   * Adds every route to the builder.
   *
   * @param routes the {@code routes} node, or null
   * @param cached receives the names of the routes with {@code cache: true}
   * @return the routes' names
   */
  static List<String> read(Fields f, @Nullable JsonNode routes, VectorNode.Builder b,
      List<String> cached) {
    List<String> names = new ArrayList<>();
    if (routes == null || routes.isNull()) {
      return names;
    }
    if (!routes.isObject()) {
      throw f.error("routes", "must be a mapping of name to {strategy, targets}");
    }
    routes.properties().forEach(e -> {
      b.route(route(f, e.getKey(), e.getValue()));
      names.add(e.getKey());
      if (e.getValue().isObject()
          && f.bool(e.getValue(), "routes." + e.getKey() + ".", "cache", false)) {
        cached.add(e.getKey());
      }
    });
    return names;
  }

  private static Route route(Fields f, String name, JsonNode r) {
    String path = "routes." + name;
    if (r == null || !r.isObject()) {
      throw f.error(path, "must be a mapping with 'strategy' and 'targets'");
    }
    f.checkKeys(r, path + ".", ROUTE);
    String s = f.text(r, path + ".", "strategy");
    Strategy strategy;
    try {
      strategy = s == null ? Strategy.FALLBACK
          : Strategy.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw f.error(path + ".strategy", "must be fallback, weighted, least-latency or least-cost,"
          + " was '" + s + "'");
    }
    List<RouteTarget> targets = targets(f, r.get("targets"), path);
    Set<Capability> requires = EnumSet.noneOf(Capability.class);
    for (JsonNode c : r.path("requires")) {
      try {
        requires.add(Capability.valueOf(c.asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw f.error(path + ".requires", "unknown capability '" + c.asText()
            + "'; known: vision, tools, json_schema, reasoning");
      }
    }
    Hedging hedging = hedging(f, r.get("hedging"), path);
    try {
      return new Route(name, strategy, targets, requires,
          f.text(r, path + ".", "contentPolicyFallback"), hedging);
    } catch (IllegalArgumentException | ConfigurationException e) {
      throw f.located(e, path);
    }
  }

  private static List<RouteTarget> targets(Fields f, @Nullable JsonNode t, String path) {
    if (t == null || !t.isArray() || t.isEmpty()) {
      throw f.error(path + ".targets", "is required: a list of model names or {model, weight}");
    }
    List<RouteTarget> targets = new ArrayList<>();
    int i = 0;
    for (JsonNode target : t) {
      String tp = path + ".targets[" + i++ + "]";
      if (target.isTextual()) {
        targets.add(RouteTarget.of(target.asText()));
      } else if (target.isObject()) {
        f.checkKeys(target, tp + ".", Set.of("model", "weight"));
        long weight = f.number(target, tp + ".", "weight", 1);
        if (weight < 1) {
          throw f.error(tp + ".weight", "must be at least 1, was " + weight);
        }
        targets.add(new RouteTarget(f.required(target, tp, "model"), (int) weight));
      } else {
        throw f.error(tp, "must be a model name or {model, weight}");
      }
    }
    return targets;
  }

  private static Hedging hedging(Fields f, @Nullable JsonNode h, String path) {
    if (h == null || h.isNull()) {
      return Hedging.OFF;
    }
    String hp = path + ".hedging.";
    f.checkKeys(h, hp, HEDGING);
    Duration delay = f.duration(h, hp, "delay");
    Duration min = f.duration(h, hp, "minDelay");
    boolean p95 = h.path("p95").asBoolean(false);
    if (delay == null && !p95) {
      throw f.error(path + ".hedging", "needs 'delay' (for example 2s) or 'p95: true'");
    }
    return p95 ? Hedging.atP95(min == null ? Duration.ofMillis(500) : min)
        : Hedging.after(delay);
  }
}
