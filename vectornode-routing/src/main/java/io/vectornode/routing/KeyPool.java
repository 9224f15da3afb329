package io.vectornode.routing;

import io.vectornode.KeyDisabledEvent;
import io.vectornode.ModelClient;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a deployment may use, each with its own provider client. Picks a usable key by weight;
 * a key that gets a 429 with Retry-After cools down for that long; a key that gets 401 or 403 is
 * disabled (logged at ERROR and reported to listeners). Keys appear only as their hash ids.
 * Thread-safe.
 */
final class KeyPool {
  private static final Logger LOG = LoggerFactory.getLogger(KeyPool.class);

  /** One key: its client and state. */
  static final class Key {
    final String id;
    final int weight;
    final ModelClient client;
    volatile long cooldownUntil = Long.MIN_VALUE;
    volatile boolean disabled;
    /** The key's own per-minute limits (in this JVM; a shared state's fallback), or null. */
    @Nullable RateWindow rpm;
    @Nullable RateWindow tpm;
    private int rpmLimit;
    private long tpmLimit;

    Key(String id, int weight, ModelClient client) {
      this.id = id;
      this.weight = weight;
      this.client = client;
    }

    /** Sets the key's per-minute limits (0: none); called once, before the pool is used. */
    Key limits(int requestsPerMinute, long tokensPerMinute, Ticker ticker) {
      long now = ticker.read();
      this.rpmLimit = requestsPerMinute;
      this.tpmLimit = tokensPerMinute;
      this.rpm = requestsPerMinute == 0 ? null : new RateWindow(requestsPerMinute, now, ticker);
      this.tpm = tokensPerMinute == 0 ? null : new RateWindow(tokensPerMinute, now, ticker);
      return this;
    }

    /** @return whether the key has limits of its own */
    boolean limited() {
      return rpm != null || tpm != null;
    }

    /**
     * Takes an attempt from the key's limits in this JVM, all or nothing.
     *
     * @return whether they had room
     */
    boolean tryTake(long estimatedTokens) {
      if (rpm != null && !rpm.tryTake(1)) {
        return false;
      }
      if (tpm != null && !tpm.tryTake(estimatedTokens)) {
        if (rpm != null) {
          rpm.correct(-1);
        }
        return false;
      }
      return true;
    }

    /** What an attempt takes from the key's limits in a shared state (named by provider). */
    void takes(String provider, long estimatedTokens,
        List<io.vectornode.state.AdmissionRequest.Take> out) {
      if (rpm != null) {
        out.add(new io.vectornode.state.AdmissionRequest.Take("key:" + provider + ":" + id
            + "/rpm", rpmLimit, 1, rpm));
      }
      if (tpm != null) {
        out.add(tpmTake(provider, estimatedTokens));
      }
    }

    private io.vectornode.state.AdmissionRequest.Take tpmTake(String provider, long amount) {
      return new io.vectornode.state.AdmissionRequest.Take("key:" + provider + ":" + id
          + "/tpm", tpmLimit, amount, java.util.Objects.requireNonNull(tpm));
    }

    /** Corrects the key's token limit to what an attempt used. */
    void tokensUsed(String provider, long estimated, long used,
        io.vectornode.state.@Nullable SharedState shared) {
      if (tpm == null) {
        return;
      }
      if (shared != null) {
        shared.correct(tpmTake(provider, estimated), used - estimated);
      } else {
        tpm.correct(used - estimated);
      }
    }
  }

  private final String provider;
  private final List<Key> keys;
  private final Ticker ticker;
  private final Random random;
  private final Duration maxCooldown;
  private final Consumer<KeyDisabledEvent> onDisabled;
  private final io.vectornode.state.@Nullable SharedState shared;
  private final java.time.Clock clock;

  /**
   * A pool; its keys' cooldowns and refusals are shared with a fleet when there is one.
   *
   * @param shared where they are published, or null for this JVM alone
   * @param clock the clock their times are published in
   */
  KeyPool(String provider, List<Key> keys, Ticker ticker, Random random, Duration maxCooldown,
      Consumer<KeyDisabledEvent> onDisabled, io.vectornode.state.@Nullable SharedState shared,
      java.time.Clock clock) {
    this.shared = shared;
    this.clock = clock;
    this.provider = provider;
    this.keys = List.copyOf(keys);
    this.ticker = ticker;
    this.random = random;
    this.maxCooldown = maxCooldown;
    this.onDisabled = onDisabled;
  }

  /** @return each key's health now, in pool order */
  java.util.List<io.vectornode.routing.DeploymentHealth.KeyHealth> health() {
    long now = ticker.read();
    java.util.List<io.vectornode.routing.DeploymentHealth.KeyHealth> out =
        new java.util.ArrayList<>(keys.size());
    for (Key k : keys) {
      // Compared before subtracting: MIN_VALUE (never cooled) minus a positive reading would
      // overflow into a huge positive cooldown.
      long left = now < k.cooldownUntil ? k.cooldownUntil - now : 0;
      io.vectornode.routing.DeploymentHealth.KeyHealth.State state = k.disabled
          ? io.vectornode.routing.DeploymentHealth.KeyHealth.State.DISABLED
          : left > 0 ? io.vectornode.routing.DeploymentHealth.KeyHealth.State.COOLING
              : io.vectornode.routing.DeploymentHealth.KeyHealth.State.ACTIVE;
      out.add(new io.vectornode.routing.DeploymentHealth.KeyHealth(k.id, k.weight, state,
          !k.disabled && left > 0 ? Duration.ofNanos(left) : Duration.ZERO));
    }
    return out;
  }

  private boolean usable(Key k, long now) {
    return !k.disabled && now >= k.cooldownUntil;
  }

  /** @return whether some key can be used now */
  boolean hasUsable() {
    return hasUsable(ticker.read());
  }

  /** @return whether a key is usable at a given time of the ticker */
  boolean hasUsable(long now) {
    for (Key k : keys) {
      if (usable(k, now)) {
        return true;
      }
    }
    return false;
  }

  /** @return when the first cooling key is usable again (MIN_VALUE when one is usable) */
  long usableAt() {
    long now = ticker.read();
    long best = Long.MAX_VALUE;
    for (Key k : keys) {
      if (!k.disabled) {
        if (usable(k, now)) {
          return Long.MIN_VALUE;
        }
        best = Math.min(best, k.cooldownUntil);
      }
    }
    return best;
  }

  /**
   * @return the most inputs one embedding request of this deployment carries (its first key's
   *     client; every key has the same provider), 0 when it serves no embeddings
   */
  int embeddingInputs() {
    return keys.isEmpty() ? 0 : keys.get(0).client.maxEmbeddingInputs();
  }

  /** @return a usable key chosen by weight, or null when none is usable */
  @Nullable Key pick() {
    if (keys.size() == 1) {
      Key k = keys.get(0);
      return usable(k, ticker.read()) ? k : null;
    }
    long now = ticker.read();
    int total = 0;
    for (Key k : keys) {
      total += usable(k, now) ? k.weight : 0;
    }
    if (total == 0) {
      return null;
    }
    int r = random.nextInt(total); // Random is thread-safe
    for (Key k : keys) {
      if (usable(k, now)) {
        r -= k.weight;
        if (r < 0) {
          return k;
        }
      }
    }
    return null;
  }

  /** Applies what a failure says about the key that was used. */
  void onFailure(Key k, VectorNodeException e) {
    // A retryable 401 is a credential the provider renews itself (a minted access token that
    // expired early): the key stays; the retry policy sends the request again with the new one.
    if (e instanceof ProviderException p && (p.status() == 401 || p.status() == 403)
        && !(p.status() == 401 && p.retryable())) {
      disable(k, p.status(), p.getMessage(), false);
      if (shared != null) {
        shared.keyDisabled(provider, k.id, p.status());
      }
    } else if (e instanceof RateLimitException r && r.retryAfter().isPresent()) {
      Duration wait = r.retryAfter().get();
      Duration d = wait.compareTo(maxCooldown) > 0 ? maxCooldown : wait;
      k.cooldownUntil = ticker.read() + d.toNanos();
      if (shared != null) {
        shared.keyCooled(provider, k.id, clock.instant().plus(d));
      }
    }
  }

  /**
   * Disables a key once: logged at ERROR and reported to listeners.
   *
   * @param elsewhere whether another instance of the fleet saw the refusal
   */
  private void disable(Key k, int status, String message, boolean elsewhere) {
    synchronized (k) {
      if (k.disabled) {
        return;
      }
      k.disabled = true;
    }
    LOG.error("key {} of provider {} disabled after HTTP {}{}: {}", k.id, provider, status,
        elsewhere ? " on another instance" : "", message);
    onDisabled.accept(new KeyDisabledEvent(provider, k.id, status, message));
  }

  /**
   * News from another instance of the fleet (or this one's own, echoed): a key cools down.
   *
   * @param keyId the key's id
   * @param until when it may be used again, by the clock (capped at the pool's longest cooldown)
   */
  void cooledElsewhere(String keyId, java.time.Instant until) {
    Duration left = Duration.between(clock.instant(), until);
    if (left.compareTo(maxCooldown) > 0) {
      left = maxCooldown;
    }
    long at = ticker.read() + left.toNanos();
    for (Key k : keys) {
      if (k.id.equals(keyId) && at > k.cooldownUntil) {
        k.cooldownUntil = at;
      }
    }
  }

  /**
   * News from another instance of the fleet: a key was refused and is disabled.
   *
   * @param keyId the key's id
   * @param status the HTTP status
   */
  void disabledElsewhere(String keyId, int status) {
    for (Key k : keys) {
      if (k.id.equals(keyId)) {
        disable(k, status, "refused on another instance of the fleet", true);
      }
    }
  }

  /** @return the provider's configured name */
  String provider() {
    return provider;
  }

  /** @return the shared state keys publish to, or null */
  io.vectornode.state.@Nullable SharedState shared() {
    return shared;
  }

  /** @return how many keys the pool holds */
  int size() {
    return keys.size();
  }
}
