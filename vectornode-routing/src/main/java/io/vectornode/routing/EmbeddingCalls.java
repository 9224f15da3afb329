package io.vectornode.routing;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The router's embedding calls ({@link Router#embed}): routed like chat, through the same
 * {@link AttemptLoop} (route, capability and context-window filter, breaker, RPM/TPM, key
 * pools, budgets, retries, fallbacks, listeners, ledger), not hedged and not cached.
 *
 * <p>The routing steps read a {@link ChatRequest}: the call is described to them by a carrier
 * with the request's model, task, tags and timeout, and one user message per input (so that
 * the token estimates and the budget's worst case are the inputs'). The carrier never leaves the
 * router: no provider sees it, and listeners get {@link io.vectornode.Operation#EMBEDDING}
 * events without attempt start events (those carry a chat request).
 */
final class EmbeddingCalls {
  private EmbeddingCalls() {}

  static EmbeddingResponse run(Router router, EmbeddingRequest request) {
    ChatRequest carrier = carrier(request);
    CallRecord call = new CallRecord(router, carrier, request,
        router.timeouts.forCall(carrier));
    Cancellation cancellation = new Cancellation(null);
    router.track(cancellation);
    String previous = org.slf4j.MDC.get("vectornode.requestId");
    org.slf4j.MDC.put("vectornode.requestId", call.requestId);
    try {
      if (router.isClosed()) {
        cancellation.cancel("the client was closed");
      }
      return new AttemptLoop(router, call, cancellation, false).embed(request);
    } catch (RuntimeException e) {
      if (cancellation.cancelled()) {
        CancellationException c = cancellation.exception();
        if (!(e instanceof CancellationException)) {
          c.initCause(e);
        }
        call.fail(c, CallOutcome.CANCELLED);
        throw c;
      }
      call.fail(e, CallOutcome.FAILURE);
      throw e;
    } finally {
      router.untrack(cancellation);
      if (previous == null) {
        org.slf4j.MDC.remove("vectornode.requestId");
      } else {
        org.slf4j.MDC.put("vectornode.requestId", previous);
      }
    }
  }

  /** The request as the routing steps read it. */
  static ChatRequest carrier(EmbeddingRequest request) {
    List<String> in = request.inputs();
    List<Message> messages = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      messages.add(Message.user(in.get(i)));
    }
    return ChatRequest.builder()
        .model(request.model().orElse(null))
        .task(request.task().orElse(null))
        .tags(request.tags())
        .timeout(request.timeout().orElse(null))
        .messages(messages)
        .build();
  }
}
