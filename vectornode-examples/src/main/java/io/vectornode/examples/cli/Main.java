package io.vectornode.examples.cli;

import io.vectornode.error.VectorNodeException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code vectornode} command.
 *
 * <pre>
 * vectornode                      a guided tour on an embedded stub server (no key, no network)
 * vectornode chat [options] TEXT  one call; see {@code vectornode chat --help}
 * vectornode providers            the providers found on the class path
 * vectornode usage ...             a usage ledger's totals; see {@code vectornode usage --help}
 * vectornode report ...            an HTML usage and billing report; see
 *                                  {@code vectornode report --help}
 * vectornode config check FILE     validate a config
 * vectornode state --config FILE   what a fleet shares in Redis now
 * </pre>
 *
 * Every command accepts {@code --help} ({@code -h}): it prints that command's usage on stdout and
 * exits 0.
 *
 * <p>Exit status: 0 on success, 1 when the call or config fails (a missing key included), 2 for
 * a usage error.
 */
public final class Main {
  static final String USAGE = """
      usage: vectornode                       run the guided tour (no key, no network)
             vectornode chat [--config FILE] [--task T | --model M] [--system S]
                             [--temperature X] [--max-tokens N] [--stream] [--json] PROMPT
             vectornode providers             list the providers on the class path
             vectornode usage (--ledger FILE|DIR | --jdbc URL) [--by KEY] [--per day|month]
                              [--since 24h|7d|2026-11-01] [--max-groups N] [--json]
                                              a ledger's calls, tokens and cost by group
             vectornode report (--ledger FILE|DIR | --jdbc URL | --sample) --out FILE.html
                               [--csv FILE.csv] [--by TAG] [--since 30d]
                                              one self-contained HTML usage and billing report
             vectornode config check FILE     validate a config, print its routes
             vectornode state --config FILE [--json]
                                              what a fleet shares in Redis now
             vectornode COMMAND --help        a command's own help
             vectornode --help

      Exit status: 0 success, 1 a failed call or config (or no key set), 2 a usage mistake.

      A provider of your own: a jar whose META-INF/services/io.vectornode.spi.ModelProvider
      names its class. java -jar ignores -cp, so put both jars on the class path and name the
      main class (on Windows, separate the jars with ';' instead of ':'):
        java -cp vectornode.jar:my-provider.jar io.vectornode.examples.cli.Main providers
        java -cp vectornode.jar:my-provider.jar io.vectornode.examples.cli.Main chat \\
            --config my.yaml --model my-id/some-model "hi"
      """;

  private Main() {}

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err, System.getenv());
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs the command.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param env the environment (for keys when no config file is given, and for {@code ${env:}}
   *     in {@code config check})
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.length == 0) {
      return new Tour(out).run();
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "chat":
          return new ChatCommand(out, err, env).run(rest);
        case "providers":
          return Providers.run(out, rest);
        case "usage":
          return new UsageCommand(out, java.time.Clock.systemUTC(), env).run(rest);
        case "report":
          return new ReportCommand(out, java.time.Clock.systemUTC(), env).run(rest);
        case "config":
          return new ConfigCommand(out, env).run(rest);
        case "state":
          return new StateCommand(out, env).run(rest);
        case "tour":
          if (help(rest, Tour.USAGE, out)) {
            return 0;
          }
          if (rest.length > 0) {
            throw new UsageException("tour: unknown argument '" + rest[0] + "'");
          }
          return new Tour(out).run();
        case "-h":
        case "--help":
        case "help":
          out.print(USAGE);
          return 0;
        default:
          err.println("vectornode: unknown command '" + args[0] + "'");
          err.print(USAGE);
          return 2;
      }
    } catch (UsageException e) {
      err.println("vectornode: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (VectorNodeException e) {
      err.println("vectornode: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * Prints a command's usage on stdout when its arguments are just {@code --help} or {@code -h}.
   *
   * @return whether it did
   */
  static boolean help(String[] args, String usage, PrintStream out) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(usage);
      return true;
    }
    return false;
  }

  /** A command-line mistake: printed with the usage, exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
