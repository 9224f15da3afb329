package io.vectornode.examples.cli;

import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.spi.ProviderRegistry;
import java.io.PrintStream;

/**
 * {@code vectornode providers}: what {@link java.util.ServiceLoader} finds, each id with the class
 * that provides it ({@code preset of} that class for a provider's presets).
 */
final class Providers {
  static final String USAGE = """
      usage: vectornode providers

      Lists the model providers found on the class path (java.util.ServiceLoader), each id with
      the class that provides it. A jar of your own is found when it is on the class path:
        java -cp vectornode.jar:my-provider.jar io.vectornode.examples.cli.Main providers
      """;

  private Providers() {}

  static int run(PrintStream out, String[] args) {
    if (Main.help(args, USAGE, out)) {
      return 0;
    }
    if (args.length > 0) {
      throw new UsageException("providers: unknown argument '" + args[0] + "'");
    }
    ProviderRegistry registry = ProviderRegistry.load();
    out.println("Providers on the class path:");
    for (String id : registry.ids()) {
      out.println("  " + id + "  (" + registry.origin(id) + ")");
    }
    for (String failure : registry.failures()) {
      out.println("  skipped: " + failure);
    }
    return 0;
  }
}
