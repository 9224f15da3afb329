package io.vectornode.routing;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The calls in flight, so that closing the client can cancel them. Every call registers on entry
 * and leaves on exit, so this is on the path of every call: calls are spread over a few striped
 * lists by the thread that created them, linked through the {@link Cancellation}s themselves (no
 * hash, no node, no shared counter). Adding a registered call or removing an unregistered one
 * does nothing, as in a set. Thread-safe.
 */
final class InFlight {
  /** A power of two: enough that callers rarely meet on a stripe's lock. */
  private static final int STRIPES = 16;

  /**
   * One list. Its head and the links of the calls on it ({@code Cancellation.prev}, {@code next},
   * {@code listed}) are guarded by it.
   */
  static final class Stripe {
    private @Nullable Cancellation head;
  }

  private final Stripe[] stripes = new Stripe[STRIPES];

  InFlight() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** A call's stripe: always the same one for a call, whichever thread asks. */
  private Stripe stripe(Cancellation c) {
    return stripes[c.slot & (STRIPES - 1)];
  }

  /** Registers a call; nothing when it is registered already. */
  void add(Cancellation c) {
    Stripe s = stripe(c);
    synchronized (s) {
      if (c.listed) {
        return;
      }
      c.listed = true;
      c.next = s.head;
      if (s.head != null) {
        s.head.prev = c;
      }
      s.head = c;
    }
  }

  /** Unregisters a call; nothing when it is not registered. */
  void remove(Cancellation c) {
    Stripe s = stripe(c);
    synchronized (s) {
      if (!c.listed) {
        return;
      }
      if (c.prev != null) {
        c.prev.next = c.next;
      } else {
        s.head = c.next;
      }
      if (c.next != null) {
        c.next.prev = c.prev;
      }
      c.prev = null;
      c.next = null;
      c.listed = false;
    }
  }

  /** @return the calls registered now, in no particular order */
  List<Cancellation> snapshot() {
    List<Cancellation> out = new ArrayList<>();
    for (Stripe s : stripes) {
      synchronized (s) {
        for (Cancellation c = s.head; c != null; c = c.next) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
