package io.vectornode.usage;

import java.math.BigDecimal;

/**
 * The running totals of a group of calls for a {@link UsageReport}: counts, tokens of each kind
 * and exact costs. About 150 bytes; not thread-safe.
 */
final class Tally {
  long calls;
  long failed;
  long fellBack;
  long attempts;
  long input;
  long output;
  long cached;
  long cacheWrite;
  long reasoning;
  BigDecimal cost = BigDecimal.ZERO;
  long unknown;
  long estimated;
  BigDecimal estimatedCost = BigDecimal.ZERO;

  void add(LedgerReader.Entry e) {
    calls++;
    failed += e.outcome().equals("SUCCESS") ? 0 : 1;
    fellBack += e.fellBack() ? 1 : 0;
    attempts = plus(attempts, e.attempts());
    input = plus(input, e.inputTokens());
    output = plus(output, e.outputTokens());
    cached = plus(cached, e.cachedInputTokens());
    cacheWrite = plus(cacheWrite, e.cacheWriteTokens());
    reasoning = plus(reasoning, e.reasoningTokens());
    BigDecimal usd = e.costUsd();
    if (usd == null) {
      unknown++;
    } else {
      cost = cost.add(usd);
      if (e.costEstimated()) {
        estimated++;
        estimatedCost = estimatedCost.add(usd);
      }
    }
  }

  void add(Tally t) {
    calls += t.calls;
    failed += t.failed;
    fellBack += t.fellBack;
    attempts = plus(attempts, t.attempts);
    input = plus(input, t.input);
    output = plus(output, t.output);
    cached = plus(cached, t.cached);
    cacheWrite = plus(cacheWrite, t.cacheWrite);
    reasoning = plus(reasoning, t.reasoning);
    cost = cost.add(t.cost);
    unknown += t.unknown;
    estimated += t.estimated;
    estimatedCost = estimatedCost.add(t.estimatedCost);
  }

  UsageReport.Row row(String key) {
    return new UsageReport.Row(key, calls, failed, fellBack, attempts, input, output, cached,
        cacheWrite, reasoning, cost, unknown, estimated, estimatedCost);
  }

  /** Adds counts that are not negative, saturating instead of wrapping. */
  static long plus(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
