package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.budget.Budget;
import io.vectornode.budget.BudgetScope;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The {@code budgets} section: spending limits per period (hour, day, month) for a scope. */
final class BudgetSection {
  private static final Set<String> BUDGET =
      Set.of("scope", "period", "zone", "limit", "softThresholds");
  private static final Set<String> SCOPE = Set.of("tag", "key", "deployment");

  private BudgetSection() {}

  /**
   * Adds every budget to the builder.
   *
   * @param budgets the {@code budgets} node, or null
   */
  static void read(Fields f, @Nullable JsonNode budgets, VectorNode.Builder b) {
    if (budgets == null || budgets.isNull()) {
      return;
    }
    if (!budgets.isObject()) {
      throw f.error("budgets", "must be a mapping of name to {scope, period, limit}");
    }
    budgets.properties().forEach(e -> b.budget(budget(f, e.getKey(), e.getValue())));
  }

  private static Budget budget(Fields f, String name, JsonNode n) {
    String path = "budgets." + name;
    if (n == null || !n.isObject()) {
      throw f.error(path, "must be a mapping with 'limit' and 'period'");
    }
    f.checkKeys(n, path + ".", BUDGET);
    BudgetScope scope = scope(f, n.get("scope"), path);
    String period = f.required(n, path, "period");
    Budget.Period p;
    try {
      p = Budget.Period.valueOf(period.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw f.error(path + ".period", "must be hour, day or month, was '" + period + "'");
    }
    String written = f.required(n, path, "limit");
    String limit = written.replace("$", "").strip();
    BigDecimal usd;
    try {
      usd = new BigDecimal(limit);
    } catch (NumberFormatException e) {
      throw f.error(path + ".limit", "must be an amount in USD, was '" + written + "'");
    }
    List<Double> soft = new ArrayList<>();
    int i = 0;
    for (JsonNode t : n.path("softThresholds")) {
      soft.add(threshold(f, t, path + ".softThresholds[" + i++ + "]"));
    }
    java.time.ZoneId zone = f.zone(n, path + ".");
    try {
      return new Budget(name, scope, p, zone, usd, soft);
    } catch (ConfigurationException | IllegalArgumentException e) {
      throw f.located(e, path);
    }
  }

  /** {@code global} (the default), or one of {@code {tag: {name: value}}}, key, deployment. */
  private static BudgetScope scope(Fields f, @Nullable JsonNode s, String path) {
    if (s == null || s.isNull() || (s.isTextual() && s.asText().equals("global"))) {
      return BudgetScope.global();
    }
    f.checkKeys(s, path + ".scope.", SCOPE);
    if (s.size() != 1) {
      throw f.error(path + ".scope", "must be 'global' or one of {tag: {name: value}}, {key:"
          + " id}, {deployment: name}");
    }
    if (s.has("tag")) {
      JsonNode t = s.get("tag");
      if (!t.isObject() || t.size() != 1) {
        throw f.error(path + ".scope.tag", "must be one {name: value}, for example {team:"
            + " search}");
      }
      var e = t.properties().iterator().next();
      return BudgetScope.tag(e.getKey(), f.resolve(e.getValue().asText(), path + ".scope.tag"));
    } else if (s.has("key")) {
      return BudgetScope.key(f.required(s, path + ".scope", "key"));
    } else {
      return BudgetScope.deployment(f.required(s, path + ".scope", "deployment"));
    }
  }

  /** A soft threshold: a number as written, not text (no references). */
  private static double threshold(Fields f, JsonNode v, String field) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    throw f.error(field, "must be a number, was '" + v.asText() + "'");
  }
}
