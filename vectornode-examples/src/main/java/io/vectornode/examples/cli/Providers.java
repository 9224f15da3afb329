package io.vectornode.examples.cli;

import io.vectornode.spi.ProviderRegistry;
import java.io.PrintStream;

/**
 * {@code vectornode providers}: what {@link java.util.ServiceLoader} finds, each id with the class
 * that provides it ({@code preset of} that class for a provider's presets).
 */
final class Providers {
  private Providers() {}

  static int run(PrintStream out) {
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
