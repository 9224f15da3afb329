package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry that lets close() cancel every call in flight: a set, across threads. */
class InFlightTest {
  @Test
  void addAndRemove_behaveAsASet() {
    InFlight f = new InFlight();
    Cancellation a = new Cancellation(null);
    Cancellation b = new Cancellation(null);
    Cancellation c = new Cancellation(null);

    f.add(a);
    f.add(b);
    f.add(a); // registered already: nothing
    f.add(c);
    assertThat(f.snapshot()).containsExactlyInAnyOrder(a, b, c);

    f.remove(b); // the middle of its stripe's list (all three share a thread, hence a stripe)
    assertThat(f.snapshot()).containsExactlyInAnyOrder(a, c);
    f.remove(b); // not registered: nothing
    f.remove(c); // the head
    f.remove(a); // the last
    assertThat(f.snapshot()).isEmpty();

    f.add(b); // a removed call may register again
    assertThat(f.snapshot()).containsExactly(b);
  }

  @Test
  void aCallCreatedOnOneThread_isAddedAndRemovedFromOthers() throws Exception {
    InFlight f = new InFlight();
    Cancellation c = new Cancellation(null);
    Thread adder = new Thread(() -> f.add(c));
    adder.start();
    adder.join();
    assertThat(f.snapshot()).containsExactly(c);
    Thread remover = new Thread(() -> f.remove(c));
    remover.start();
    remover.join();
    assertThat(f.snapshot()).isEmpty();
  }

  @Test
  void manyThreadsAddingAndRemoving_leaveExactlyWhatIsStillRegistered() throws Exception {
    InFlight f = new InFlight();
    int threads = 32;
    int calls = 2_000;
    List<Cancellation> kept = new ArrayList<>();
    List<Thread> all = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      Cancellation keep = new Cancellation(null);
      kept.add(keep);
      Thread th = new Thread(() -> {
        try {
          go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        f.add(keep);
        for (int i = 0; i < calls; i++) {
          Cancellation c = new Cancellation(null);
          f.add(c);
          f.remove(c);
        }
      });
      all.add(th);
      th.start();
    }
    go.countDown();
    for (Thread th : all) {
      th.join(30_000);
      assertThat(th.isAlive()).isFalse();
    }

    assertThat(f.snapshot()).containsExactlyInAnyOrderElementsOf(kept);
    for (Cancellation c : kept) {
      f.remove(c);
    }
    assertThat(f.snapshot()).isEmpty();
  }
}
