package io.vectornode.usage;

import io.vectornode.usage.LedgerReader.Entry;
import io.vectornode.usage.LedgerReader.Group;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Totals records by group as they stream past, keeping one row per group and no record. At most
 * {@code maxGroups} rows: a group first seen after that is folded into the "(other)" row, so a
 * high-cardinality key (a user id) cannot grow memory without bound. Keys are cut to {@link
 * #MAX_KEY_CHARS} so that a hostile tag value cannot make each row large. Not thread-safe.
 */
final class LedgerAggregator implements Consumer<Entry> {
  static final int MAX_KEY_CHARS = 256;
  static final String OTHER = "(other)";

  /** One group's running totals. */
  private static final class Row {
    long calls;
    long failed;
    long input;
    long output;
    BigDecimal cost = BigDecimal.ZERO;
    long unknown;
    final LatencySketch latency = new LatencySketch();

    void add(Entry e) {
      calls++;
      failed += e.outcome().equals("SUCCESS") ? 0 : 1;
      input = saturatedAdd(input, e.inputTokens());
      output = saturatedAdd(output, e.outputTokens());
      if (e.costUsd() == null) {
        unknown++;
      } else {
        cost = cost.add(e.costUsd());
      }
      latency.record(e.latencyMs());
    }

    Group group(String key) {
      return new Group(key, calls, failed, input, output, cost, unknown, latency.quantile(0.50),
          latency.quantile(0.95), latency.quantile(0.99));
    }
  }

  private final Function<? super Entry, @Nullable String> groupBy;
  private final int maxGroups;
  private final Map<String, Row> rows = new HashMap<>();
  private @Nullable Row other;

  LedgerAggregator(Function<? super Entry, @Nullable String> groupBy, int maxGroups) {
    this.groupBy = groupBy;
    this.maxGroups = maxGroups;
  }

  @Override
  public void accept(Entry e) {
    String key = key(groupBy.apply(e));
    Row r = rows.get(key);
    if (r == null) {
      if (rows.size() < maxGroups) {
        r = new Row();
        rows.put(key, r);
      } else {
        if (other == null) {
          other = new Row();
        }
        r = other;
      }
    }
    r.add(e);
  }

  /** The number of rows held, "(other)" excluded. */
  int rows() {
    return rows.size();
  }

  LedgerReader.Summary summary(LedgerReader.Stats stats) {
    List<Group> groups = new ArrayList<>(rows.size());
    rows.forEach((k, r) -> groups.add(r.group(k)));
    groups.sort(Comparator.comparing(Group::costUsd).reversed().thenComparing(Group::key));
    return new LedgerReader.Summary(groups, other == null ? null : other.group(OTHER), maxGroups,
        stats);
  }

  static String key(@Nullable String raw) {
    String k = String.valueOf(raw);
    if (k.length() <= MAX_KEY_CHARS) {
      return k;
    }
    int end = MAX_KEY_CHARS - 1;
    if (Character.isHighSurrogate(k.charAt(end - 1))) {
      end--;
    }
    return k.substring(0, end) + "\u2026";
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    // Both are 0 or more: overflow shows as a negative sum.
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
