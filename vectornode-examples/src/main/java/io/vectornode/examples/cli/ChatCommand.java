package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.Usage;
import io.vectornode.examples.cli.Main.UsageException;
import io.vectornode.routing.VectorNode;
import java.util.List;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code vectornode chat}: one call, printed as text or as one JSON line. */
final class ChatCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

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
          out.print(Main.USAGE);
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
        out.println(toJson(response,
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
    } catch (io.vectornode.error.ConfigurationException e) {
      throw new UsageException("no --config given and " + e.getMessage());
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

  static String toJson(ChatResponse r, List<AttemptEvent> attempts) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", r.text());
    o.put("provider", r.provider());
    o.put("model", r.model());
    o.put("finishReason", r.finishReason().name());
    ObjectNode u = o.putObject("usage");
    u.put("inputTokens", r.usage().inputTokens());
    u.put("outputTokens", r.usage().outputTokens());
    u.put("cachedInputTokens", r.usage().cachedInputTokens());
    u.put("cacheWriteTokens", r.usage().cacheWriteTokens());
    u.put("reasoningTokens", r.usage().reasoningTokens());
    if (r.cost().known()) {
      ObjectNode c = o.putObject("cost");
      c.put("usd", r.cost().usd().orElseThrow().toPlainString());
      c.put("estimated", r.cost().estimated());
      c.put("catalogVersion", r.cost().catalogVersion());
    } else {
      o.putNull("cost");
    }
    o.put("attempts", r.attempts());
    var list = o.putArray("attemptList");
    for (AttemptEvent a : attempts) {
      ObjectNode n = list.addObject();
      n.put("attempt", a.attempt());
      n.put("deployment", a.deployment());
      n.put("provider", a.provider());
      n.put("model", a.model());
      n.put("outcome", a.outcome().name());
      n.put("error", a.errorType());
      n.put("reason", a.reason());
      n.put("latencyMs", a.latency().toMillis());
      n.put("inputTokens", a.usage().inputTokens());
      n.put("outputTokens", a.usage().outputTokens());
    }
    if (!r.toolCalls().isEmpty()) {
      var calls = o.putArray("toolCalls");
      r.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name())
          .put("arguments", c.arguments()));
    }
    o.put("latencyMs", r.latency().toMillis());
    return o.toString();
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
