package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.AttemptEvent;
import io.vectornode.CallEndEvent;
import io.vectornode.CallOutcome;
import io.vectornode.Cost;
import io.vectornode.Usage;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meter's rows: one per provider, model, deployment and tags, whichever objects carry them
 * (a router passes the same strings every call; a request built per call brings new tag maps).
 */
class UsageMeterTest {
  private final UsageMeter meter = UsageMeter.create();

  private static CallEndEvent call(String provider, String model, String deployment,
      Map<String, String> tags, long input, String usd) {
    AttemptEvent a = new AttemptEvent("vn-1", 1, provider, model, deployment, null,
        CallOutcome.SUCCESS, null, Usage.of(input, 1), Cost.of(new BigDecimal(usd), "test"),
        Duration.ofMillis(5), null, null);
    return new CallEndEvent("vn-1", null, tags, provider, model, a.usage(), a.cost(),
        Duration.ofMillis(5), null, List.of(a), CallOutcome.SUCCESS, null);
  }

  private Map<Map<String, String>, UsageSnapshot.Row> byDeploymentAndTeam() {
    Map<Map<String, String>, UsageSnapshot.Row> out = new HashMap<>();
    for (UsageSnapshot.Row r : meter.snapshot("deployment", "team").rows()) {
      out.put(r.group(), r);
    }
    return out;
  }

  @Test
  void aDeploymentsCalls_countInOneRow_whetherTheirTagsAreOneMapOrEqualMaps() {
    String name = "one";
    for (int i = 0; i < 3; i++) {
      meter.onCallEnd(call("a", "gpt-4o-mini", name, Map.of("team", "red"), 10, "0.001"));
    }
    // Equal strings and maps that are other objects: the same row.
    meter.onCallEnd(call(new String("a"), new String("gpt-4o-mini"), new String("one"),
        new HashMap<>(Map.of("team", "red")), 10, "0.001"));

    UsageSnapshot.Row r = byDeploymentAndTeam().get(Map.of("deployment", "one", "team", "red"));
    assertThat(r.calls()).isEqualTo(4);
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.inputTokens()).isEqualTo(40);
    assertThat(r.costUsd()).isEqualByComparingTo("0.004");
    assertThat(meter.snapshot().rows()).hasSize(1);
  }

  @Test
  void otherTagsOrDeployments_sharingACacheSlot_keepTheirOwnRows() {
    // "Aa" and "BB" have the same String hash: the same slot of the meter's recent cells.
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    Map<String, String> red = Map.of("team", "red");
    Map<String, String> blue = Map.of("team", "blue");
    meter.onCallEnd(call("a", "m", "Aa", red, 1, "0.01"));
    meter.onCallEnd(call("a", "m", "BB", red, 2, "0.02"));
    meter.onCallEnd(call("a", "m", "Aa", blue, 4, "0.04"));
    meter.onCallEnd(call("a", "m", "Aa", red, 8, "0.08"));

    Map<Map<String, String>, UsageSnapshot.Row> rows = byDeploymentAndTeam();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(Map.of("deployment", "Aa", "team", "red")).inputTokens()).isEqualTo(9);
    assertThat(rows.get(Map.of("deployment", "BB", "team", "red")).inputTokens()).isEqualTo(2);
    assertThat(rows.get(Map.of("deployment", "Aa", "team", "blue")).inputTokens()).isEqualTo(4);
    assertThat(rows.get(Map.of("deployment", "Aa", "team", "red")).costUsd())
        .isEqualByComparingTo("0.09");
  }

  @Test
  void afterAReset_aDeploymentsNextCallsCountFromZero() {
    Map<String, String> tags = Map.of();
    meter.onCallEnd(call("a", "m", "one", tags, 5, "0.5"));
    meter.reset();
    assertThat(meter.snapshot().rows()).isEmpty();
    meter.onCallEnd(call("a", "m", "one", tags, 7, "0.7"));

    assertThat(meter.snapshot().rows()).singleElement().satisfies(r -> {
      assertThat(r.calls()).isEqualTo(1);
      assertThat(r.inputTokens()).isEqualTo(7);
      assertThat(r.costUsd()).isEqualByComparingTo("0.7");
    });
  }

  @Test
  void aDirectClientsAttempts_withoutADeployment_countUnderProviderSlashModel() {
    AttemptEvent a = new AttemptEvent("vn-2", 1, "openai", "gpt-4o", null, null,
        CallOutcome.SUCCESS, null, Usage.of(3, 4), Cost.of(new BigDecimal("0.25"), "test"),
        Duration.ofMillis(1), null, null);
    for (int i = 0; i < 2; i++) {
      meter.onCallEnd(new CallEndEvent("vn-2", null, Map.of(), "openai", "gpt-4o", a.usage(),
          a.cost(), Duration.ofMillis(1), null, List.of(a), CallOutcome.SUCCESS, null));
    }
    assertThat(meter.snapshot("deployment").rows()).singleElement().satisfies(r -> {
      assertThat(r.group()).isEqualTo(Map.of("deployment", "openai/gpt-4o"));
      assertThat(r.calls()).isEqualTo(2);
      assertThat(r.outputTokens()).isEqualTo(8);
      assertThat(r.costUsd()).isEqualByComparingTo("0.5");
    });
  }

  /** Records one call whose tags map is referenced only by the meter afterwards. */
  private WeakReference<Map<String, String>> recordCallWithOwnTags() {
    Map<String, String> tags = Map.of("team", new String("gone"));
    meter.onCallEnd(call("a", "m", "one", tags, 5, "0.5"));
    return new WeakReference<>(tags);
  }

  @Test
  void aReset_letsTheForgottenRowsBeCollected_evenForADeploymentNotCalledAgain() {
    // Before the fix the meter's cache of recent cells kept the replaced map of cells (every
    // forgotten row, with its tags) reachable until that deployment's next call.
    WeakReference<Map<String, String>> tags = recordCallWithOwnTags();
    meter.reset();
    for (int i = 0; i < 50 && tags.get() != null; i++) {
      System.gc();
    }
    assertThat(tags.get()).as("the tags of a row forgotten by reset()").isNull();
    assertThat(meter.snapshot().rows()).isEmpty();
  }

  @Test
  void concurrentCalls_onDeploymentsAndTagsSharingASlot_loseNoCount() throws Exception {
    // "Aa" and "BB" share a slot of the recent cells, and so do red and blue calls of each:
    // threads keep replacing each other's entries while counting.
    int threads = 8;
    int calls = 2_000;
    String[] names = {"Aa", "BB"};
    List<Map<String, String>> teams = List.of(Map.of("team", "red"), Map.of("team", "blue"));
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> all = new java.util.ArrayList<>();
    List<Throwable> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < calls; i++) {
            Map<String, String> tags = (i + id) % 3 == 0 ? new HashMap<>(teams.get(i % 2))
                : teams.get(i % 2);
            meter.onCallEnd(call("a", "m", names[(i / 2 + id) % 2], tags, 1, "0.001"));
          }
        } catch (Throwable e) {
          failed.add(e);
        }
      });
      all.add(th);
      th.start();
    }
    for (Thread th : all) {
      th.join(60_000);
      assertThat(th.isAlive()).isFalse();
    }
    assertThat(failed).isEmpty();

    Map<Map<String, String>, UsageSnapshot.Row> rows = byDeploymentAndTeam();
    assertThat(rows).hasSize(4);
    long total = (long) threads * calls;
    assertThat(rows.values().stream().mapToLong(UsageSnapshot.Row::calls).sum()).isEqualTo(total);
    for (UsageSnapshot.Row r : rows.values()) {
      assertThat(r.calls()).as("%s", r.group()).isEqualTo(total / 4);
      assertThat(r.inputTokens()).isEqualTo(total / 4);
      assertThat(r.costUsd()).isEqualByComparingTo(new BigDecimal("0.001")
          .multiply(BigDecimal.valueOf(total / 4)));
    }
  }
}
