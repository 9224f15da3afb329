package io.vectornode.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ledger line's format, both ways, for {@link LedgerRecord}. Writing streams the fields in the
 * order the ledger has always written them (nulls included; {@code localState} and {@code
 * cacheHit} only when true, so older lines and readers are unchanged).
 * Reading is a token stream over one untrusted line with the bounds {@link LedgerRecord#parse}
 * lists; anything else makes the line a skipped one. Thread-safe.
 */
final class LedgerJson {
  private static final Instant MIN_TS = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_TS = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(LedgerValues.MAX_DEPTH)
          .maxNumberLength(64).maxStringLength(LedgerRecord.MAX_LINE_BYTES).build())
      .build();

  private LedgerJson() {}

  static String write(LedgerRecord r, boolean newline) {
    // Jackson's pooled buffers, as ObjectMapper.writeValueAsString uses them: this runs on the
    // calling thread of every call a ledger records, so it allocates little beyond the String.
    BufferRecycler recycler = JSON._getBufferRecycler();
    try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        fields(g, r);
      }
      if (newline) {
        out.write('\n');
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not fail
    } finally {
      recycler.releaseToPool();
    }
  }

  private static void fields(JsonGenerator g, LedgerRecord r) throws IOException {
    g.writeStartObject();
    g.writeStringField("ts", r.ts().toString());
    g.writeStringField("requestId", r.requestId());
    g.writeStringField("task", r.task());
    g.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> t : r.tags().entrySet()) {
      g.writeStringField(t.getKey(), t.getValue());
    }
    g.writeEndObject();
    g.writeStringField("provider", r.provider());
    g.writeStringField("model", r.model());
    g.writeStringField("outcome", r.outcome().name());
    g.writeStringField("error", r.error());
    g.writeNumberField("latencyMs", r.latencyMs());
    number(g, "ttftMs", r.ttftMs());
    usage(g, r.usage());
    cost(g, r.cost());
    g.writeArrayFieldStart("attempts");
    for (LedgerRecord.Attempt a : r.attempts()) {
      g.writeStartObject();
      g.writeNumberField("n", a.n());
      g.writeStringField("deployment", a.deployment());
      g.writeStringField("provider", a.provider());
      g.writeStringField("model", a.model());
      g.writeStringField("keyId", a.keyId());
      g.writeStringField("outcome", a.outcome().name());
      g.writeStringField("error", a.error());
      g.writeStringField("reason", a.reason());
      if (a.localState()) {
        g.writeBooleanField("localState", true); // admitted by this instance's own limits
      }
      g.writeNumberField("latencyMs", a.latencyMs());
      number(g, "ttftMs", a.ttftMs());
      usage(g, a.usage());
      cost(g, a.cost());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (r.cacheHit()) {
      g.writeBooleanField("cacheHit", true); // answered by the response cache
    }
    if (r.operation() == io.vectornode.Operation.EMBEDDING) {
      g.writeStringField("operation", "embedding"); // absent: a chat call
    }
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, @Nullable Long v) throws IOException {
    if (v == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, v);
    }
  }

  private static void usage(JsonGenerator g, Usage u) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input", u.inputTokens());
    g.writeNumberField("output", u.outputTokens());
    g.writeNumberField("cachedInput", u.cachedInputTokens());
    g.writeNumberField("cacheWrite", u.cacheWriteTokens());
    g.writeNumberField("reasoning", u.reasoningTokens());
    g.writeEndObject();
  }

  private static void cost(JsonGenerator g, Cost c) throws IOException {
    g.writeObjectFieldStart("cost");
    g.writeBooleanField("known", c.known());
    g.writeStringField("usd", c.usd().map(BigDecimal::toPlainString).orElse(null));
    g.writeBooleanField("estimated", c.estimated());
    g.writeStringField("catalog", c.catalogVersion());
    g.writeEndObject();
  }

  // ---------------------------------------------------------------------------------------------

  /** @return the record, or null when the line is not a whole record */
  static @Nullable LedgerRecord read(byte[] buf, int off, int len) {
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Instant ts = null;
      String requestId = null;
      String task = null;
      Map<String, String> tags = Map.of();
      String provider = null;
      String model = null;
      CallOutcome outcome = null;
      String error = null;
      long latency = 0;
      Long ttft = null;
      Usage usage = Usage.ZERO;
      Cost cost = Cost.unknown();
      List<LedgerRecord.Attempt> attempts = List.of();
      boolean cacheHit = false;
      io.vectornode.Operation operation = io.vectornode.Operation.CHAT;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "ts" -> ts = instant(scalar(p, t));
          case "requestId" -> requestId = scalar(p, t);
          case "task" -> task = scalar(p, t);
          case "tags" -> tags = tags(p, t);
          case "provider" -> provider = scalar(p, t);
          case "model" -> model = scalar(p, t);
          case "outcome" -> outcome = outcome(scalar(p, t));
          case "error" -> error = scalar(p, t);
          case "latencyMs" -> latency = count(p, t);
          case "ttftMs" -> ttft = t == JsonToken.VALUE_NULL ? null : count(p, t);
          case "usage" -> usage = usage(p, t);
          case "cost" -> cost = cost(p, t);
          case "attempts" -> attempts = attempts(p, t);
          case "cacheHit" -> cacheHit = t == JsonToken.VALUE_TRUE;
          // Tolerant: an operation this version does not know is read as a chat call.
          case "operation" -> operation = "embedding".equals(scalar(p, t))
              ? io.vectornode.Operation.EMBEDDING : io.vectornode.Operation.CHAT;
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null || ts == null || requestId == null || requestId.isBlank()
          || outcome == null) {
        return null;
      }
      return new LedgerRecord(ts, requestId, task, tags, provider, model, outcome, error,
          latency, ttft, usage, cost, attempts, cacheHit, operation);
    } catch (IOException | RuntimeException e) {
      return null; // corrupt or hostile: the caller counts a skipped line
    }
  }

  private static List<LedgerRecord.Attempt> attempts(JsonParser p, JsonToken t)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("attempts not an array");
    }
    List<LedgerRecord.Attempt> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (out.size() >= LedgerRecord.MAX_ATTEMPTS) {
        throw new IllegalArgumentException("too many attempts");
      }
      long n = 0;
      String deployment = null;
      String provider = null;
      String model = null;
      String keyId = null;
      CallOutcome outcome = null;
      String error = null;
      String reason = null;
      boolean local = false;
      long latency = 0;
      Long ttft = null;
      Usage usage = Usage.ZERO;
      Cost cost = Cost.unknown();
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken a = p.nextToken();
        switch (field) {
          case "n" -> n = count(p, a);
          case "deployment" -> deployment = scalar(p, a);
          case "provider" -> provider = scalar(p, a);
          case "model" -> model = scalar(p, a);
          case "keyId" -> keyId = scalar(p, a);
          case "outcome" -> outcome = outcome(scalar(p, a));
          case "error" -> error = scalar(p, a);
          case "reason" -> reason = scalar(p, a);
          case "localState" -> local = a == JsonToken.VALUE_TRUE;
          case "latencyMs" -> latency = count(p, a);
          case "ttftMs" -> ttft = a == JsonToken.VALUE_NULL ? null : count(p, a);
          case "usage" -> usage = usage(p, a);
          case "cost" -> cost = cost(p, a);
          default -> p.skipChildren();
        }
      }
      if (outcome == null || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("attempt without an outcome, or n out of range");
      }
      out.add(new LedgerRecord.Attempt((int) n, deployment, provider, model, keyId, outcome,
          error, reason, local, latency, ttft, usage, cost));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw new IllegalArgumentException("an attempt that is not an object");
    }
    return out;
  }

  private static Usage usage(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Usage.ZERO;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("usage not an object");
    }
    long[] v = new long[5];
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken u = p.nextToken();
      switch (field) {
        case "input" -> v[0] = count(p, u);
        case "output" -> v[1] = count(p, u);
        case "cachedInput" -> v[2] = count(p, u);
        case "cacheWrite" -> v[3] = count(p, u);
        case "reasoning" -> v[4] = count(p, u);
        default -> p.skipChildren();
      }
    }
    return new Usage(v[0], v[1], v[2], v[3], v[4]);
  }

  private static Cost cost(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Cost.unknown();
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("cost not an object");
    }
    boolean known = false;
    boolean estimated = false;
    String usd = null;
    String catalog = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken c = p.nextToken();
      switch (field) {
        case "known" -> known = c == JsonToken.VALUE_TRUE;
        case "estimated" -> estimated = c == JsonToken.VALUE_TRUE;
        case "usd" -> usd = scalar(p, c);
        case "catalog" -> catalog = scalar(p, c);
        default -> p.skipChildren();
      }
    }
    if (!known) {
      return Cost.unknown();
    }
    BigDecimal d = LedgerValues.usd(usd);
    String version = catalog == null ? "none" : catalog;
    return estimated ? Cost.estimated(d, version) : Cost.of(d, version);
  }

  private static Map<String, String> tags(JsonParser p, JsonToken t) throws IOException {
    return LedgerValues.tags(p, t, Integer.MAX_VALUE); // the record is bounded by its line
  }

  private static @Nullable String scalar(JsonParser p, JsonToken t) throws IOException {
    return LedgerValues.scalar(p, t);
  }

  private static @Nullable Instant instant(@Nullable String s) {
    if (s == null) {
      return null;
    }
    Instant i = Instant.parse(s);
    if (i.isBefore(MIN_TS) || i.isAfter(MAX_TS)) {
      throw new IllegalArgumentException("ts out of range");
    }
    return i;
  }

  private static @Nullable CallOutcome outcome(@Nullable String s) {
    return s == null ? null : CallOutcome.valueOf(s);
  }

  private static long count(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("not a whole number");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IllegalArgumentException("out of range");
    }
    long v = p.getLongValue();
    if (v < 0) {
      throw new IllegalArgumentException("negative");
    }
    return v;
  }
}
