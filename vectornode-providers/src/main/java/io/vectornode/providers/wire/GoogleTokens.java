package io.vectornode.providers.wire;

import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vertex AI instance's access token, cached: minted on first use, reused until {@value
 * #MARGIN_MINUTES} minutes before it expires (half its life for a short-lived one), then minted
 * again by exactly one caller while the others wait for it (single flight). When a refresh fails
 * while the old token still has more than {@value #FALLBACK_SECONDS} seconds to live, the old one
 * is used and the refresh retried {@value #FALLBACK_SECONDS} seconds later, so a blip of the token
 * endpoint fails no call; otherwise the failure, typed, fails the call.
 *
 * <p>Time is the injected {@link Ticker}'s. Thread-safe. Never logs a token.
 */
final class GoogleTokens {
  static final int MARGIN_MINUTES = 5;
  static final int FALLBACK_SECONDS = 30;
  /** A 401 this soon after a mint is a late answer to a request made with the old token. */
  static final Duration INVALIDATE_GRACE = Duration.ofSeconds(10);
  private static final long MARGIN = Duration.ofMinutes(MARGIN_MINUTES).toNanos();
  private static final long FALLBACK = Duration.ofSeconds(FALLBACK_SECONDS).toNanos();
  private static final Logger LOG = LoggerFactory.getLogger(GoogleTokens.class);

  private final @Nullable GoogleTokenSource source;
  private final @Nullable String fixed;
  private final java.util.function.@Nullable Supplier<String> external;
  private final Ticker ticker;
  private final String provider;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong mints = new AtomicLong();
  private volatile @Nullable Cached current;

  /** A token and when to replace it, in ticker nanoseconds. */
  private record Cached(String token, long mintedAt, long refreshAt, long expiresAt) {
    @Override
    public String toString() {
      return "Cached[token=[REDACTED]]";
    }
  }

  private GoogleTokens(@Nullable GoogleTokenSource source, @Nullable String fixed,
      java.util.function.@Nullable Supplier<String> external, Ticker ticker, String provider) {
    this.source = source;
    this.fixed = fixed;
    this.external = external;
    this.ticker = ticker;
    this.provider = provider;
  }

  /**
   * Tokens from a source, cached.
   *
   * @param source where tokens come from
   * @param ticker the time source
   * @param provider the instance name, for logs
   * @return the cache
   */
  static GoogleTokens of(GoogleTokenSource source, Ticker ticker, String provider) {
    return new GoogleTokens(source, null, null, ticker, provider);
  }

  /**
   * One token given by the user (minted elsewhere); never refreshed.
   *
   * @param token the access token
   * @param provider the instance name
   * @return the holder
   */
  static GoogleTokens fixed(String token, String provider) {
    return new GoogleTokens(null, token, null, Ticker.system(), provider);
  }

  /**
   * Tokens from the application's own source (Google's auth library, say), asked for every call:
   * that source caches and refreshes. What it returns is checked; what it throws becomes an
   * {@link io.vectornode.error.AuthenticationException} naming the exception's class only.
   *
   * @param source the source
   * @param provider the instance name
   * @return the holder
   */
  static GoogleTokens external(java.util.function.Supplier<String> source, String provider) {
    return new GoogleTokens(null, null, source, Ticker.system(), provider);
  }

  private String fromExternal(java.util.function.Supplier<String> source) {
    String token;
    try {
      token = source.get();
    } catch (VectorNodeException e) {
      throw e;
    } catch (RuntimeException e) {
      // Its message is not kept: an auth library's message may quote what it was given.
      throw refused("the application's token source failed (" + e.getClass().getName() + ")");
    }
    if (token == null || token.isBlank()) {
      throw refused("the application's token source returned no token");
    }
    if (token.length() > GoogleTokenEndpoint.MAX_TOKEN) {
      throw refused("the application's token source returned a token of " + token.length()
          + " characters, more than the " + GoogleTokenEndpoint.MAX_TOKEN + " accepted");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw refused("the application's token source returned a token that cannot travel in"
            + " an HTTP header (a character at position " + (i + 1) + " is not visible ASCII)");
      }
    }
    return token;
  }

  private io.vectornode.error.AuthenticationException refused(String message) {
    return new io.vectornode.error.AuthenticationException(new io.vectornode.error.ProviderError(
        provider, 0, "token_source", message, null, false, null, java.util.Map.of()));
  }

  /**
   * The token to send now.
   *
   * @return a valid access token
   * @throws VectorNodeException typed, when none can be had (see {@link GoogleTokenSource#mint})
   */
  String token() {
    if (fixed != null) {
      return fixed;
    }
    if (external != null) {
      return fromExternal(external);
    }
    Cached c = current;
    if (c != null && ticker.read() - c.refreshAt < 0) {
      return c.token; // the hot path: one volatile read, no lock
    }
    lock.lock();
    try {
      c = current;
      long now = ticker.read();
      if (c != null && now - c.refreshAt < 0) {
        return c.token; // another caller refreshed while this one waited
      }
      try {
        GoogleTokenSource.Minted m = source.mint();
        long life = m.lifetime().toNanos();
        long margin = Math.min(MARGIN, life / 2);
        current = new Cached(m.token(), now, now + life - margin, now + life);
        mints.incrementAndGet();
        LOG.debug("{}: new access token from {}, valid for {}", provider, source.describe(),
            m.lifetime());
        return m.token();
      } catch (VectorNodeException e) {
        if (c != null && now - (c.expiresAt - FALLBACK) < 0) {
          current = new Cached(c.token, c.mintedAt, Math.min(now + FALLBACK,
              c.expiresAt - FALLBACK), c.expiresAt);
          LOG.warn("{}: refreshing the access token from {} failed, the current one is still"
              + " valid and is used; retrying in {} s ({})", provider, source.describe(),
              FALLBACK_SECONDS, e.getMessage());
          return c.token;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets the token after the API refused it (401): the next call mints a new one. Ignored for
   * a token the user gave, and for one minted in the last {@link #INVALIDATE_GRACE} (the 401 then
   * answers a request made with the token it replaced).
   *
   * @return whether the next call uses another token than the refused one: the cached token was
   *     dropped now, or had already been replaced (so the same request may pass when sent again)
   */
  boolean invalidate() {
    if (fixed != null || external != null) {
      return false;
    }
    lock.lock();
    try {
      Cached c = current;
      if (c == null) {
        return true; // already dropped: the next call mints
      }
      if (ticker.read() - c.mintedAt >= INVALIDATE_GRACE.toNanos()) {
        current = null;
        LOG.debug("{}: access token refused by the API; a new one will be minted", provider);
        return true;
      }
      return false; // the token just minted was refused: another mint would not help
    } finally {
      lock.unlock();
    }
  }

  /** @return how many tokens were minted (for tests and diagnostics) */
  long mints() {
    return mints.get();
  }

  /** @return what the tokens come from, for messages */
  String describe() {
    return source != null ? source.describe() : external != null
        ? "the application's token source" : "the configured access token";
  }

  @Override
  public String toString() {
    return "GoogleTokens[" + provider + ", " + describe() + "]";
  }
}
