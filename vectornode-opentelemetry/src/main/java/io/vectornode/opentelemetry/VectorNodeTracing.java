package io.vectornode.opentelemetry;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vectornode.AttemptEvent;
import io.vectornode.AttemptStartEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.CallStartEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Cost;
import io.vectornode.ModelCallListener;
import io.vectornode.ResponseFormat;
import io.vectornode.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces VectorNode's calls on the OpenTelemetry API: one span per call ({@code INTERNAL},
 * named {@code chat <model reference>}, a child of the caller's current context at the call's
 * start), and one child span per attempt ({@code CLIENT}, named {@code chat <model>}), so that a
 * retry, a fallback and a lost hedge each show as a span of their own. Spans carry the
 * OpenTelemetry GenAI semantic conventions' attributes (operation, provider, request and
 * response model, usage, finish reasons, error type) and VectorNode's (deployment, attempt kind
 * and reason, outcome, cost in USD); the README's "Tracing with OpenTelemetry" lists them all.
 * Each attempt's trace context is sent to the provider (W3C {@code traceparent}) through {@link
 * #onAttemptStart}, unless {@link TracingOptions#propagate()} is off; prompts and completions are
 * recorded only with {@link TracingOptions#captureContent()}.
 *
 * <pre>{@code
 * VectorNodeTracing tracing = VectorNodeTracing.create(openTelemetry);  // GlobalOpenTelemetry.get()
 * ModelClient ai = VectorNode.builderFromConfig(Path.of("vectornode.yaml")).listener(tracing).build();
 * }</pre>
 *
 * <p>Threads: the call span starts on the calling thread (where the caller's context is
 * current); attempt spans start on the thread that sends them and end on whichever reports them;
 * no span is made current, so nothing leaks into a thread's context. Spans in flight are kept by
 * request id until the call's end, at most {@link TracingOptions#maxCallsInFlight()} calls.
 * Never records a key: only its hash id ({@code vectornode.key.id}). Thread-safe.
 */
public final class VectorNodeTracing implements ModelCallListener {
  private static final Logger LOG = LoggerFactory.getLogger(VectorNodeTracing.class);
  private static final long STALE_NANOS = TimeUnit.HOURS.toNanos(1);

  private final Tracer tracer;
  private final @Nullable TextMapPropagator propagator;
  private final TracingOptions options;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, TracedCall> calls = new ConcurrentHashMap<>();
  /** Provider instance names to their types, learned from attempt starts (at most 1,024). */
  private final Map<String, String> providerTypes = new ConcurrentHashMap<>();
  private final AtomicBoolean warned = new AtomicBoolean();

  VectorNodeTracing(OpenTelemetry otel, TracingOptions options, LongSupplier nanoTime) {
    requireNonNull(otel, "openTelemetry");
    this.options = requireNonNull(options, "options");
    this.nanoTime = nanoTime;
    TracerBuilder tb = otel.tracerBuilder("io.vectornode");
    String version = VectorNodeTracing.class.getPackage().getImplementationVersion();
    if (version != null) {
      tb.setInstrumentationVersion(version);
    }
    this.tracer = tb.build();
    TextMapPropagator configured = otel.getPropagators().getTextMapPropagator();
    // W3C trace context alone unless asked (baggage must not reach a third party); an
    // OpenTelemetry without propagators has a no-op one (no fields): W3C trace context then.
    this.propagator = !options.propagate() ? null
        : options.configuredPropagator() && !configured.fields().isEmpty() ? configured
        : W3CTraceContextPropagator.getInstance();
  }

  /**
   * Traces with the default options: propagation on, no content.
   *
   * @param openTelemetry the SDK (or the agent's {@code GlobalOpenTelemetry.get()})
   * @return the listener, to register on a client
   */
  public static VectorNodeTracing create(OpenTelemetry openTelemetry) {
    return new VectorNodeTracing(openTelemetry, TracingOptions.defaults(), System::nanoTime);
  }

  /**
   * Traces with options.
   *
   * @param openTelemetry the SDK (or the agent's {@code GlobalOpenTelemetry.get()})
   * @param options propagation, content capture, bounds
   * @return the listener
   */
  public static VectorNodeTracing create(OpenTelemetry openTelemetry, TracingOptions options) {
    return new VectorNodeTracing(openTelemetry, options, System::nanoTime);
  }

  /** @return how many calls are followed (for tests and diagnostics) */
  int callsInFlight() {
    return calls.size();
  }

  @Override
  public void onCallStart(CallStartEvent e) {
    if (calls.size() >= options.maxCallsInFlight() && !sweep()) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn("more than {} calls in flight: calls beyond it are not traced"
            + " (TracingOptions.maxCallsInFlight); logged once", options.maxCallsInFlight());
      }
      return;
    }
    Context parent = Context.current();
    String target = e.model() != null ? e.model() : e.task() != null ? e.task() : "default";
    String operation = e.operation() == io.vectornode.Operation.EMBEDDING ? Attrs.EMBEDDINGS
        : Attrs.CHAT;
    SpanBuilder b = tracer.spanBuilder(operation + " " + target).setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(Attrs.OPERATION, operation)
        .setAttribute(Attrs.REQUEST_ID, e.requestId());
    if (e.task() != null) {
      b.setAttribute(Attrs.TASK, e.task());
    }
    if (e.model() != null) {
      b.setAttribute(Attrs.MODEL_REFERENCE, e.model());
    }
    if (e.streaming()) {
      b.setAttribute(Attrs.REQUEST_STREAM, true);
    }
    Span span = b.startSpan();
    TracedCall traced = new TracedCall(span, parent.with(span), nanoTime.getAsLong(),
        e.streaming());
    traced.operation = operation;
    calls.put(e.requestId(), traced);
  }

  @Override
  public Map<String, String> onAttemptStart(AttemptStartEvent e) {
    if (providerTypes.size() < 1024 || providerTypes.containsKey(e.provider())) {
      providerTypes.put(e.provider(), e.providerType());
    }
    TracedCall call = calls.get(e.requestId());
    if (call == null) {
      return Map.of(); // not followed: no span, nothing to propagate
    }
    String provider = Attrs.providerName(e.providerType());
    SpanBuilder b = tracer.spanBuilder(Attrs.CHAT + " " + e.model()).setParent(call.context)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(Attrs.OPERATION, Attrs.CHAT)
        .setAttribute(Attrs.PROVIDER, provider)
        .setAttribute(Attrs.REQUEST_MODEL, e.model())
        .setAttribute(Attrs.PROVIDER_INSTANCE, e.provider())
        .setAttribute(Attrs.ATTEMPT_KIND, e.kind().name().toLowerCase(Locale.ROOT))
        .setAttribute(Attrs.REQUEST_ID, e.requestId());
    if (options.legacySystemAttribute()) {
      b.setAttribute(Attrs.SYSTEM, provider);
    }
    if (e.deployment() != null) {
      b.setAttribute(Attrs.DEPLOYMENT, e.deployment());
    }
    if (e.streaming()) {
      b.setAttribute(Attrs.REQUEST_STREAM, true);
    }
    Span span = b.startSpan();
    describe(span, e.request());
    if (call.describe()) {
      describe(call.span, e.request());
      if (options.captureContent()) {
        String system = ContentJson.systemInstructions(e.request().messages());
        if (system != null) {
          call.span.setAttribute(Attrs.SYSTEM_INSTRUCTIONS, system);
        }
        call.span.setAttribute(Attrs.INPUT_MESSAGES,
            ContentJson.inputMessages(e.request().messages()));
      }
    }
    call.started(new TracedCall.Attempt(e.deployment(), e.provider(), span));
    if (propagator == null) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    propagator.inject(call.context.with(span), headers, (carrier, key, value) -> {
      if (carrier != null) {
        carrier.put(key, value);
      }
    });
    return headers;
  }

  /** The request's settings, as the conventions name them. */
  private static void describe(Span span, ChatRequest r) {
    r.temperature().ifPresent(t -> span.setAttribute(Attrs.TEMPERATURE, t));
    r.topP().ifPresent(p -> span.setAttribute(Attrs.TOP_P, p));
    r.maxOutputTokens().ifPresent(m -> span.setAttribute(Attrs.MAX_TOKENS, (long) m));
    r.seed().ifPresent(s -> span.setAttribute(Attrs.SEED, s));
    if (!r.stop().isEmpty()) {
      span.setAttribute(Attrs.STOP, r.stop());
    }
    span.setAttribute(Attrs.OUTPUT_TYPE,
        r.responseFormat() instanceof ResponseFormat.Text ? "text" : "json");
  }

  @Override
  public void onAttempt(AttemptEvent e) {
    TracedCall call = calls.get(e.requestId());
    if (call == null) {
      return;
    }
    Span span = call.take(e.deployment(), e.provider());
    if (span == null) {
      // Its start was not seen (a client that does not report attempt starts): the span is
      // made now, backdated by the attempt's latency.
      String provider = providerName(e.provider());
      span = tracer.spanBuilder(call.operation + " " + e.model()).setParent(call.context)
          .setSpanKind(SpanKind.CLIENT)
          .setStartTimestamp(Instant.now().minus(e.latency()))
          .setAttribute(Attrs.OPERATION, call.operation).setAttribute(Attrs.PROVIDER, provider)
          .setAttribute(Attrs.REQUEST_MODEL, e.model())
          .setAttribute(Attrs.PROVIDER_INSTANCE, e.provider()).startSpan();
      if (e.deployment() != null) {
        span.setAttribute(Attrs.DEPLOYMENT, e.deployment());
      }
    }
    span.setAttribute(Attrs.ATTEMPT_NUMBER, (long) e.attempt());
    span.setAttribute(Attrs.OUTCOME, outcome(e.outcome()));
    if (e.keyId() != null) {
      span.setAttribute(Attrs.KEY_ID, e.keyId());
    }
    if (e.reason() != null) {
      span.setAttribute(Attrs.ATTEMPT_REASON, e.reason());
    }
    usage(span, e.usage(), e.cost(), e.outcome() == CallOutcome.SUCCESS);
    cost(span, e.cost());
    if (e.timeToFirstToken() != null && call.streaming) {
      span.setAttribute(Attrs.TIME_TO_FIRST_CHUNK, e.timeToFirstToken().toNanos() / 1e9);
    }
    if (e.outcome() == CallOutcome.SUCCESS) {
      call.won(span); // ended with the call, once its response model and id are known
      return;
    }
    failed(span, e.outcome(), e.error());
    span.end();
  }

  @Override
  public void onCallEnd(CallEndEvent e) {
    TracedCall call = calls.remove(e.requestId());
    if (call == null) {
      return;
    }
    ChatResponse r = e.response();
    AttemptEvent served = served(e);
    Span won = call.won();
    if (won != null && r != null) {
      respond(won, r);
    }
    if (won != null) {
      won.end();
    }
    for (Span left : call.leftovers()) {
      left.setAttribute(Attrs.OUTCOME, "abandoned");
      left.setStatus(StatusCode.ERROR, "the attempt ended without a report");
      left.end();
    }
    Span span = call.span;
    if (served != null) {
      String provider = providerName(served.provider());
      span.setAttribute(Attrs.PROVIDER, provider);
      if (options.legacySystemAttribute()) {
        span.setAttribute(Attrs.SYSTEM, provider);
      }
      span.setAttribute(Attrs.REQUEST_MODEL, served.model());
      if (served.deployment() != null) {
        span.setAttribute(Attrs.DEPLOYMENT, served.deployment());
      }
    }
    if (r != null) {
      respond(span, r);
      if (options.captureContent()) {
        span.setAttribute(Attrs.OUTPUT_MESSAGES, ContentJson.outputMessages(r.message(),
            Attrs.finishReason(r.finishReason())));
      }
    }
    span.setAttribute(Attrs.ATTEMPTS, (long) e.attempts().size());
    span.setAttribute(Attrs.OUTCOME, outcome(e.outcome()));
    usage(span, e.usage(), e.cost(), e.outcome() == CallOutcome.SUCCESS);
    cost(span, e.cost());
    // only a stream's first chunk is worth a number: a blocking call's equals its duration
    if (e.timeToFirstToken() != null && call.streaming) {
      span.setAttribute(Attrs.TIME_TO_FIRST_CHUNK, e.timeToFirstToken().toNanos() / 1e9);
    }
    failed(span, e.outcome(), e.error());
    span.end();
  }

  /** The conventions' response attributes. */
  private static void respond(Span span, ChatResponse r) {
    span.setAttribute(Attrs.RESPONSE_MODEL, r.model());
    span.setAttribute(Attrs.RESPONSE_ID, r.id());
    span.setAttribute(Attrs.FINISH_REASONS, List.of(Attrs.finishReason(r.finishReason())));
  }

  /** Token counts the provider reported; an estimate (no count came) is not one. */
  private static void usage(Span span, Usage u, Cost cost, boolean succeeded) {
    if (cost.estimated() || (!succeeded && u.totalTokens() == 0)) {
      return;
    }
    span.setAttribute(Attrs.INPUT_TOKENS, u.inputTokens());
    span.setAttribute(Attrs.OUTPUT_TOKENS, u.outputTokens());
    if (u.cachedInputTokens() > 0) {
      span.setAttribute(Attrs.CACHE_READ, u.cachedInputTokens());
    }
    if (u.cacheWriteTokens() > 0) {
      span.setAttribute(Attrs.CACHE_WRITE, u.cacheWriteTokens());
    }
    if (u.reasoningTokens() > 0) {
      span.setAttribute(Attrs.REASONING, u.reasoningTokens());
    }
  }

  /** The cost in USD and whether it is an estimate; none when unknown (no price). */
  private static void cost(Span span, Cost cost) {
    cost.usd().ifPresent(usd -> {
      span.setAttribute(Attrs.COST_USD, usd.doubleValue());
      span.setAttribute(Attrs.COST_ESTIMATED, cost.estimated());
      span.setAttribute(Attrs.CATALOG, cost.catalogVersion());
    });
  }

  /** A failure's status, type and exception; a cancellation is not an error. */
  private static void failed(Span span, CallOutcome outcome, @Nullable Throwable error) {
    if (outcome != CallOutcome.FAILURE || error == null) {
      return;
    }
    span.setAttribute(Attrs.ERROR_TYPE, error.getClass().getName());
    span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    span.recordException(error);
  }

  private static String outcome(CallOutcome o) {
    return o.name().toLowerCase(Locale.ROOT);
  }

  private String providerName(String instance) {
    String type = providerTypes.get(instance);
    return Attrs.providerName(type != null ? type : instance);
  }

  /** The attempt that answered, or the last one tried; null when none was made. */
  private static @Nullable AttemptEvent served(CallEndEvent e) {
    List<AttemptEvent> all = e.attempts();
    if (e.outcome() == CallOutcome.SUCCESS) {
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).outcome() == CallOutcome.SUCCESS) {
          return all.get(i);
        }
      }
    }
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** Ends and drops the calls followed too long; returns whether there is room now. */
  private boolean sweep() {
    long now = nanoTime.getAsLong();
    for (Map.Entry<String, TracedCall> entry : calls.entrySet()) {
      TracedCall c = entry.getValue();
      if (now - c.startedAt > STALE_NANOS && calls.remove(entry.getKey(), c)) {
        for (Span s : c.leftovers()) {
          s.end();
        }
        Span won = c.won();
        if (won != null) {
          won.end();
        }
        c.span.setAttribute(Attrs.OUTCOME, "unknown");
        c.span.end();
      }
    }
    return calls.size() < options.maxCallsInFlight();
  }
}
