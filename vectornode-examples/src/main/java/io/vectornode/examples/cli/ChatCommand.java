package io.vectornode.examples.cli;

import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.VectorNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code vectornode chat}: one call, printed as text or as one JSON line. */
final class ChatCommand {
  static final String USAGE = """
      usage: vectornode chat [--config FILE] [--task T | --model M] [--system S]
                             [--temperature X] [--max-tokens N] [--stream] [--json] PROMPT

      Makes one call and prints the answer on stdout and a summary on stderr.

        --config FILE     a YAML or JSON config; without it, every provider key set in the
                          environment is used: OPENAI_API_KEY, ANTHROPIC_API_KEY,
                          GEMINI_API_KEY (or GOOGLE_API_KEY), GROQ_API_KEY, MISTRAL_API_KEY,
                          DEEPSEEK_API_KEY, TOGETHER_API_KEY, FIREWORKS_API_KEY,
                          OPENROUTER_API_KEY, XAI_API_KEY, and AZURE_OPENAI_API_KEY with
                          AZURE_OPENAI_ENDPOINT
        --model M         provider/model (openai/gpt-4o-mini), a model or a route of the config
        --task T          a route of the config, by task name
        --system S        a system message
        --temperature X   0 to 2
        --max-tokens N    the most output tokens
        --stream          print the answer as it arrives
        --json            print exactly one JSON object on one line of stdout, also when the
                          call fails: then it has error, errorClass, message and attemptList
        -h, --help        this help

      Exit status: 0 answered, 1 the call or the config failed (or no key is set), 2 a usage
      mistake.
      """;

  /** The key variables named in the advice when none is set; the help lists them all. */
  private static final List<String> KEY_VARIABLES = List.of("OPENAI_API_KEY",
      "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY", "MISTRAL_API_KEY", "...");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final CallEnds lastCall = new CallEnds();

  ChatCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(String[] args) {
    String config = null;
    String task = null;
    String model = null;
    String system = null;
    Double temperature = null;
    Integer maxTokens = null;
    boolean stream = false;
    boolean json = false;
    StringBuilder prompt = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--config" -> config = value(args, ++i, a);
        case "--task" -> task = value(args, ++i, a);
        case "--model" -> model = value(args, ++i, a);
        case "--system" -> system = value(args, ++i, a);
        case "--temperature" -> temperature = number(value(args, ++i, a), a);
        case "--max-tokens" -> maxTokens = (int) (double) number(value(args, ++i, a), a);
        case "--stream" -> stream = true;
        case "--json" -> json = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          if (a.startsWith("--")) {
            throw new UsageException("unknown option '" + a + "'");
          }
          if (prompt.length() > 0) {
            prompt.append(' ');
          }
          prompt.append(a);
        }
      }
    }
    if (prompt.length() == 0) {
      throw new UsageException("chat needs a PROMPT");
    }
    if (task != null && model != null) {
      throw new UsageException("give --task or --model, not both");
    }
    ChatRequest.Builder b = ChatRequest.builder().model(model).task(task);
    if (system != null) {
      b.system(system);
    }
    ChatRequest request;
    try {
      request = b.user(prompt.toString()).temperature(temperature).maxOutputTokens(maxTokens)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (ModelClient client = client(config)) {
      ChatResponse response = stream ? stream(client, request, json) : client.chat(request);
      if (json) {
        out.println(ChatJson.success(response,
            lastCall.last().map(CallEndEvent::attempts).orElse(List.of())));
      } else if (!stream) {
        out.println(response.text());
        response.toolCalls().forEach(c ->
            out.println("[tool call " + c.name() + " " + c.arguments() + "]"));
      }
      if (!json) {
        Usage u = response.usage();
        err.println("[" + response.provider() + "/" + response.model() + ", "
            + response.finishReason() + ", " + u.inputTokens() + " in / " + u.outputTokens()
            + " out tokens, " + response.latency().toMillis() + " ms]");
      }
      return 0;
    } catch (VectorNodeException e) {
      // A script that asked for JSON gets it when it needs it most; Main still reports the
      // error on stderr and exits 1.
      if (json) {
        out.println(ChatJson.failure(e, lastCall.last()));
      }
      throw e;
    }
  }

  private ModelClient client(@Nullable String config) {
    if (config != null) {
      Path path = Path.of(config);
      if (!Files.isRegularFile(path)) {
        throw new UsageException("--config: no such file '" + config + "'");
      }
      return VectorNode.builderFromConfig(path).listener(lastCall).build();
    }
    try {
      return VectorNode.builderFromEnvironment(env).listener(lastCall).build();
    } catch (ConfigurationException e) {
      if (!e.field().equals("environment")) {
        throw e;
      }
      // Not a usage mistake but a missing setting (exit 1), and the library's advice is for
      // Java code: say what to do on the command line instead.
      throw new ConfigurationException("environment", "no provider key is set; set one of "
          + String.join(", ", KEY_VARIABLES) + " (for example: export OPENAI_API_KEY=...),"
          + " or give --config FILE (see vectornode chat --help)");
    }
  }

  private ChatResponse stream(ModelClient client, ChatRequest request, boolean json) {
    try (ChatStream s = client.stream(request)) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta d && !json) {
          out.print(d.text());
          out.flush();
        } else if (e instanceof StreamEvent.Completed c) {
          if (!json) {
            out.println();
          }
          return c.response();
        }
      }
    }
    throw new IllegalStateException("the stream ended without completing");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static Double number(String v, String option) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": not a number, was '" + v + "'");
    }
  }
}
