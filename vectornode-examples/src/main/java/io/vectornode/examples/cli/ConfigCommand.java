package io.vectornode.examples.cli;

import io.vectornode.ModelClient;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.VectorNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code vectornode config check FILE}: validates a config and prints what it resolves to. */
final class ConfigCommand {
  private final PrintStream out;

  ConfigCommand(PrintStream out) {
    this.out = out;
  }

  int run(String[] args) {
    if (args.length != 2 || !args[0].equals("check")) {
      throw new UsageException("usage: vectornode config check FILE");
    }
    Path file = Path.of(args[1]);
    if (!Files.isRegularFile(file)) {
      throw new UsageException("config check: no such file '" + args[1] + "'");
    }
    try (ModelClient client = VectorNode.builderFromConfig(file).logCalls(false).build()) {
      out.println(file + ": OK");
      if (client instanceof io.vectornode.routing.internal.Router r) {
        r.describe().forEach(line -> out.println("  " + line));
        r.routeSummaries().forEach(line -> out.println("  " + line));
      }
    }
    return 0;
  }
}
