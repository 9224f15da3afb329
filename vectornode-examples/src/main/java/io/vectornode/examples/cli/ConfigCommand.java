package io.vectornode.examples.cli;

import io.vectornode.ModelClient;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.internal.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code vectornode config check FILE}: validates a config and prints what it resolves to. What
 * a {@code ${env:}} (or other) reference resolved to is never printed, in errors or in the
 * summary: the reference as written is shown instead.
 */
final class ConfigCommand {
  private final PrintStream out;
  private final Map<String, String> env;

  ConfigCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(String[] args) {
    if (args.length != 2 || !args[0].equals("check")) {
      throw new UsageException("usage: vectornode config check FILE");
    }
    Path file = Path.of(args[1]);
    if (!Files.exists(file)) {
      throw new UsageException("config check: no such file '" + args[1] + "'");
    }
    ConfigLoader.Loaded config = ConfigLoader.load(file, env::get);
    config.builder().logCalls(false);
    try (ModelClient client = config.build()) {
      out.println(file + ": OK");
      if (client instanceof io.vectornode.routing.internal.Router r) {
        r.describe().forEach(line -> out.println("  " + config.redact(line)));
        r.routeSummaries().forEach(line -> out.println("  " + config.redact(line)));
      }
    }
    return 0;
  }
}
