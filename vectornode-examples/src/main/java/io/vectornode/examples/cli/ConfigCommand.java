package io.vectornode.examples.cli;

import io.vectornode.config.ConfigCheck;
import io.vectornode.error.ConfigurationException;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.DeploymentHealth;
import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNodeClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vectornode config check FILE}: validates a config and prints what it resolves to. What
 * a {@code ${env:}} (or other) reference resolved to is never printed, in errors or in the
 * summary: the reference as written is shown instead.
 */
final class ConfigCommand {
  static final String USAGE = """
      usage: vectornode config check FILE

      Validates a YAML or JSON config and prints its providers, models and routes. What a
      ${env:...} reference resolves to is never printed. Exit status 1 when the config is
      wrong, naming file:line:column and the field.
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
    }
    return 0;
  }

  /**
   * A config error whose message starts with the file (the loader's do: {@code
   * file:line:column: field: what is wrong}); one that does not gets the file put in front.
   */
  private static ConfigurationException named(Path file, ConfigurationException e) {
    if (e.getMessage().startsWith(file.toString())) {
      return e;
    }
    return new ConfigurationException(file + ": " + e.field(),
        e.getMessage().substring(e.field().length() + 2), e.getCause());
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
