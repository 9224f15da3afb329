package io.vectornode.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.ChatResponse;
import io.vectornode.error.ProviderException;
import io.vectornode.error.VectorNodeException;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON object {@code chat --json} prints on stdout: the answer when the call succeeded,
 * the error when it failed. Both carry {@code attempts} and {@code attemptList} built the same
 * way, so that a script reads the attempts whichever way the call ended.
 */
final class ChatJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatJson() {}

  /** A successful call: text, provider, model, finish reason, usage, cost and attempts. */
  static String success(ChatResponse r, List<AttemptEvent> attempts) {
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
    attemptList(o, attempts);
    if (!r.toolCalls().isEmpty()) {
      var calls = o.putArray("toolCalls");
      r.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name())
          .put("arguments", c.arguments()));
    }
    o.put("latencyMs", r.latency().toMillis());
    return o.toString();
  }

  /**
   * A failed call: {@code error} (the simple class name, as an attempt's {@code error} field
   * has it), {@code errorClass}, {@code message}, {@code status} when a provider answered, and
   * the attempts. The attempts come from the listener's call-end event; without one (the
   * failure came before the call started, for example a config error) the list is empty. The
   * message is the exception's, which the library has already redacted.
   */
  static String failure(VectorNodeException e, Optional<CallEndEvent> end) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", e.getClass().getSimpleName());
    o.put("errorClass", e.getClass().getName());
    o.put("message", e.getMessage());
    if (e instanceof ProviderException p) {
      o.put("status", p.status());
    }
    o.put("retryable", e.retryable());
    List<AttemptEvent> attempts = end.map(CallEndEvent::attempts).orElse(List.of());
    end.ifPresent(c -> o.put("requestId", c.requestId()).put("outcome", c.outcome().name()));
    o.put("attempts", attempts.size());
    attemptList(o, attempts);
    end.ifPresent(c -> o.put("latencyMs", c.latency().toMillis()));
    return o.toString();
  }

  private static void attemptList(ObjectNode o, List<AttemptEvent> attempts) {
    ArrayNode list = o.putArray("attemptList");
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
  }
}
