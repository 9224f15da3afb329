package io.vectornode.examples.cli;

import io.vectornode.usage.UsageReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The billing table as CSV (RFC 4180, CRLF line ends): a header, a row per tag value, then the
 * {@code (other)} row when the group limit folded some. Amounts are exact decimals (never
 * rounded); every text field goes through {@link Fmt#csv} (quoting, and an apostrophe before
 * what a spreadsheet would run as a formula). Stateless.
 */
final class BillingCsv {
  static final List<String> COLUMNS = List.of("calls", "failed_calls", "fell_back_calls",
      "attempts", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
      "reasoning_tokens", "cost_usd", "unknown_cost_calls", "estimated_cost_calls",
      "estimated_cost_usd");

  private BillingCsv() {}

  static String csv(UsageReport r) {
    StringBuilder b = new StringBuilder(256 + 128 * r.byTag().rows().size());
    List<String> head = new ArrayList<>();
    head.add(Fmt.csv(r.options().tag()));
    head.addAll(COLUMNS);
    b.append(String.join(",", head)).append("\r\n");
    for (UsageReport.Row row : r.byTag().rows()) {
      line(b, row);
    }
    if (r.byTag().other() != null) {
      line(b, r.byTag().other());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, UsageReport.Row r) {
    b.append(Fmt.csv(r.key())).append(',').append(r.calls()).append(',').append(r.failedCalls())
        .append(',').append(r.fellBackCalls()).append(',').append(r.attempts()).append(',')
        .append(r.inputTokens()).append(',').append(r.cachedInputTokens()).append(',')
        .append(r.cacheWriteTokens()).append(',').append(r.outputTokens()).append(',')
        .append(r.reasoningTokens()).append(',').append(r.costUsd().toPlainString()).append(',')
        .append(r.unknownCostCalls()).append(',').append(r.estimatedCostCalls()).append(',')
        .append(r.estimatedCostUsd().toPlainString()).append("\r\n");
  }
}
