package io.vectornode.examples.cli;

import io.vectornode.config.ConfigCheck;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.redis.RedisState;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNodeClient;
import io.vectornode.state.SharedState;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code vectornode config check FILE}: validates a config and prints what it resolves to. What
 * a {@code ${env:}} (or other) reference resolved to is never printed, in errors or in the
 * summary: the reference as written is shown instead.
 */
final class ConfigCommand {
  static final String USAGE = """
      usage: vectornode config check FILE

      Validates a YAML or JSON config and prints its providers, models and routes, and where
      the state a fleet shares is kept: in memory (each instance its own), or the Redis of a
      state.redis block, tried at once: "(reachable)" or "(unreachable: why)". What a
      ${env:...} reference resolves to, and a Redis URI's password, are never printed. Exit
      status 1 when the config is wrong, naming file:line:column and the field (an unreachable
      Redis is not a config error).
      """;

  private final PrintStream out;
  private final Map<String, String> env;

  ConfigCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(String[] args) {
    // both `config --help` and `config check --help`
    String[] helpArgs = args.length == 2 && args[0].equals("check") ? new String[] {args[1]} : args;
    if (Main.help(helpArgs, USAGE, out)) {
      return 0;
    }
    if (args.length != 2 || !args[0].equals("check")) {
      throw new UsageException("usage: vectornode config check FILE");
    }
    Path file = Path.of(args[1]);
    if (!Files.exists(file)) {
      throw new UsageException("config check: no such file '" + args[1] + "'");
    }
    ConfigCheck check;
    try {
      check = ConfigCheck.of(file, env::get);
    } catch (ConfigurationException e) {
      throw named(file, e);
    }
    try (check) {
      out.println(file + ": OK");
      describe(check.client()).forEach(line -> out.println("  " + check.redact(line)));
      out.println("  " + check.redact(state(check.sharedState().orElse(null))));
    }
    return 0;
  }

  /**
   * A config error whose message starts with the file (the loader's do: {@code
   * file:line:column: field: what is wrong}); one that does not gets the file put in front.
   */
  static ConfigurationException named(Path file, ConfigurationException e) {
    if (e.getMessage().startsWith(file.toString())) {
      return e;
    }
    return new ConfigurationException(file + ": " + e.field(),
        e.getMessage().substring(e.field().length() + 2), e.getCause());
  }

  /**
   * Where the shared state is kept; for Redis, whether it answers now (through a connection of
   * its own, see {@link StateCommand#open}), never showing the URI's password.
   */
  static String state(@Nullable SharedState shared) {
    if (shared == null) {
      return "state: in memory (each instance keeps its own budgets, limits and key health)";
    }
    if (!(shared instanceof RedisState redis)) {
      return "state: shared through " + shared.getClass().getSimpleName();
    }
    String where = redis.where();
    String line = "state: redis at " + where + ", key prefix " + redis.keyPrefix();
    try (RedisState probe = StateCommand.open(redis)) {
      return line + " (reachable)";
    } catch (StateUnavailableException e) {
      String why = e.getMessage();
      String prefix = "Redis at " + where + " ";
      return line + " (unreachable: " + (why.startsWith(prefix) ? why.substring(prefix.length())
          : why) + ")";
    }
  }

  /** The providers, models and routes, and one line per route: strategy and deployments. */
  static List<String> describe(VectorNodeClient client) {
    Map<String, DeploymentHealth> deployments = new TreeMap<>();
    client.deployments().forEach(d -> deployments.put(d.name(), d));
    List<String> lines = new ArrayList<>();
    lines.add("providers=" + client.providers());
    lines.add("models=" + deployments.keySet());
    lines.add("routes=" + client.routes().stream().map(Route::name).toList());
    for (Route r : client.routes()) {
      lines.add("route " + r.name() + ": " + r.strategy().name().toLowerCase(Locale.ROOT) + " "
          + r.targets().stream().map(t -> {
            DeploymentHealth d = deployments.get(t.deployment());
            return t.deployment() + " (" + d.provider() + "/" + d.model()
                + (t.weight() != 1 ? ", weight " + t.weight() : "")
                + (d.info() == null ? ", not in catalog" : "") + ")";
          }).toList() + (r.hedging().enabled() ? ", hedged" : "")
          + (r.contentPolicyFallback() != null ? ", content policy -> "
              + r.contentPolicyFallback() : ""));
    }
    return lines;
  }
}
