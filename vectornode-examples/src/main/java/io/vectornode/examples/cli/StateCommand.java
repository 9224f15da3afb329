package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.budget.BudgetStatus;
import io.vectornode.config.ConfigCheck;
import io.vectornode.error.ConfigurationException;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.redis.RedisState;
import io.vectornode.routing.DeploymentLimits;
import io.vectornode.state.SharedState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vectornode state --config FILE [--json]}: what a fleet shares in Redis now (the config's
 * {@code state.redis} block): each budget's current period, each deployment's per-minute windows,
 * and the keys and deployments cooling down or disabled. Read through a {@link RedisState} of its
 * own, opened from the config's settings but waiting up to {@link #WAIT} on Redis (a call's
 * {@code timeout} is sized for a request's critical path, not for a tool) and refusing rather
 * than falling back: what it prints comes from Redis or not at all. The URI's password is never
 * printed.
 */
final class StateCommand {
  static final String USAGE = """
      usage: vectornode state --config FILE [--json]

      What the instances of a fleet share in Redis now (the config's state.redis block):
        budgets      each budget's current period: spent, reserved, remaining and limit (USD)
        deployments  each deployment's rpm and tpm limits and what the last 60 s hold
        health       keys and deployments cooling down (a 429) or disabled (a 401 or 403)
      The config must load (its ${env:...} references set). Redis is given up to 5 s whatever
      state.redis.timeout says; the URI's password is never printed.

        --config FILE  a YAML or JSON config with a state.redis block
        --json         one JSON object on stdout
        -h, --help     this help

      Exit status: 0 printed, 1 the config is wrong or has no state block, or Redis cannot be
      reached, 2 a usage mistake.
      """;

  /** The longest the command waits on Redis for one answer (and for connecting). */
  static final Duration WAIT = Duration.ofSeconds(5);

  private final PrintStream out;
  private final Map<String, String> env;

  StateCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(String[] args) {
    String config = null;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (++i >= args.length) {
            throw new UsageException("--config needs a value");
          }
          config = args[i];
        }
        case "--json" -> json = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new UsageException("state: unknown argument '" + args[i] + "'");
      }
    }
    if (config == null) {
      throw new UsageException("state needs --config FILE");
    }
    Path file = Path.of(config);
    if (!Files.isRegularFile(file)) {
      throw new UsageException("state: no such file '" + config + "'");
    }
    ConfigCheck check;
    try {
      check = ConfigCheck.of(file, env::get);
    } catch (ConfigurationException e) {
      throw ConfigCommand.named(file, e);
    }
    try (check) {
      RedisState configured = redis(file, check);
      try (RedisState redis = open(configured)) {
        Snapshot s = read(redis, check);
        if (json) {
          out.println(json(redis, s));
        } else {
          text(redis, s).forEach(out::println);
        }
      }
    }
    return 0;
  }

  /** The config's Redis state; a config error (exit 1) when it has none. */
  private static RedisState redis(Path file, ConfigCheck check) {
    SharedState shared = check.sharedState().orElseThrow(() -> new ConfigurationException(
        file + ": state", "is not set: each instance keeps its own budgets, limits and key"
            + " health, nothing is shared to show (add state: {redis: {uri: ...}})"));
    if (!(shared instanceof RedisState redis)) {
      throw new ConfigurationException(file + ": state", "is not a Redis store ("
          + shared.getClass().getSimpleName() + "); vectornode state reads Redis only");
    }
    return redis;
  }

  /**
   * A state of its own on the config's Redis: the same URI and key prefix, {@link #WAIT} to
   * answer, and refusal rather than a fallback to this process's (empty) limits.
   *
   * @throws io.vectornode.error.StateUnavailableException when Redis cannot be reached (the
   *     message shows the URI without its password)
   */
  static RedisState open(RedisState configured) {
    return configured.toBuilder().timeout(WAIT)
        .onUnavailable(RedisState.OnUnavailable.REJECT).requireAtStart(true).build();
  }

  /** One deployment's per-minute limits and what their windows hold (-1: no such limit). */
  record Window(String deployment, long rpm, long rpmUsed, long tpm, long tpmUsed) {}

  record Snapshot(List<BudgetStatus> budgets, List<Window> windows, Map<String, String> health) {}

  private static Snapshot read(RedisState redis, ConfigCheck check) {
    List<BudgetStatus> budgets = new ArrayList<>();
    for (BudgetStatus local : check.client().budgets()) {
      budgets.add(redis.status(local.budget()));
    }
    List<Window> windows = new ArrayList<>();
    for (Map.Entry<String, DeploymentLimits> e : check.deploymentLimits().entrySet()) {
      String d = e.getKey();
      DeploymentLimits l = e.getValue();
      windows.add(new Window(d,
          l.requestsPerMinute() > 0 ? l.requestsPerMinute() : -1,
          l.requestsPerMinute() > 0 ? redis.windowUsed(d + "/rpm") : 0,
          l.tokensPerMinute() > 0 ? l.tokensPerMinute() : -1,
          l.tokensPerMinute() > 0 ? redis.windowUsed(d + "/tpm") : 0));
    }
    Map<String, String> health = new TreeMap<>();
    redis.health().forEach((k, v) -> health.put(UsageCommand.printable(k),
        UsageCommand.printable(v)));
    return new Snapshot(budgets, windows, health);
  }

  private static List<String> text(RedisState redis, Snapshot s) {
    List<String> lines = new ArrayList<>();
    lines.add("Redis " + redis.where() + ", key prefix " + redis.keyPrefix());
    lines.add("");
    lines.add("budgets (USD, current period):");
    if (s.budgets().isEmpty()) {
      lines.add("  (none configured)");
    } else {
      lines.add(String.format("  %-20s %-6s %-21s %14s %14s %14s %14s", "budget", "period",
          "since", "spent", "reserved", "remaining", "limit"));
      for (BudgetStatus b : s.budgets()) {
        lines.add(String.format("  %-20s %-6s %-21s %14s %14s %14s %14s", b.budget().name(),
            b.budget().period().name().toLowerCase(Locale.ROOT), b.periodStart(),
            b.spent().toPlainString(), b.reserved().toPlainString(),
            b.remaining().toPlainString(), b.budget().limitUsd().toPlainString()));
      }
    }
    lines.add("");
    lines.add("per-minute limits (what the last 60 s hold, fleet-wide):");
    if (s.windows().isEmpty()) {
      lines.add("  (no deployments configured)");
    } else {
      lines.add(String.format("  %-20s %-24s %s", "deployment", "requests / rpm",
          "tokens / tpm"));
      for (Window w : s.windows()) {
        lines.add(String.format("  %-20s %-24s %s", w.deployment(),
            w.rpm() < 0 ? "no limit" : w.rpmUsed() + " / " + w.rpm(),
            w.tpm() < 0 ? "no limit" : w.tpmUsed() + " / " + w.tpm()));
      }
    }
    lines.add("");
    lines.add("keys and deployments cooling down or disabled:");
    if (s.health().isEmpty()) {
      lines.add("  (none)");
    } else {
      s.health().forEach((k, v) -> lines.add(String.format("  %-40s %s", k, v)));
    }
    return lines;
  }

  private static String json(RedisState redis, Snapshot s) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("redis", redis.where());
    root.put("keyPrefix", redis.keyPrefix());
    ArrayNode budgets = root.putArray("budgets");
    for (BudgetStatus b : s.budgets()) {
      budgets.addObject().put("name", b.budget().name())
          .put("scope", b.budget().scope().toString())
          .put("period", b.budget().period().name().toLowerCase(Locale.ROOT))
          .put("periodStart", b.periodStart().toString())
          .put("spentUsd", b.spent().toPlainString())
          .put("reservedUsd", b.reserved().toPlainString())
          .put("remainingUsd", b.remaining().toPlainString())
          .put("limitUsd", b.budget().limitUsd().toPlainString());
    }
    ArrayNode deployments = root.putArray("deployments");
    for (Window w : s.windows()) {
      ObjectNode d = deployments.addObject().put("name", w.deployment());
      if (w.rpm() >= 0) {
        d.putObject("rpm").put("perMinute", w.rpm()).put("used", w.rpmUsed());
      }
      if (w.tpm() >= 0) {
        d.putObject("tpm").put("perMinute", w.tpm()).put("used", w.tpmUsed());
      }
    }
    ObjectNode health = root.putObject("health");
    s.health().forEach(health::put);
    return root.toString();
  }
}
