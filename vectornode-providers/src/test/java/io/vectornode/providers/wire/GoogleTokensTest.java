package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ManualTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access-token cache: reuse, refresh before expiry, single flight, failures. */
class GoogleTokensTest {
  private final ManualTime time = ManualTime.create();
  private final Script source = new Script();

  @BeforeEach
  void clearLogs() {
    LogCapture.clear();
  }

  /** A token source answering from a script, counting its calls. */
  static final class Script implements GoogleTokenSource {
    final Deque<Object> replies = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    Script then(String token, Duration lifetime) {
      replies.add(new Minted(token, lifetime));
      return this;
    }

    Script thenFail(RuntimeException e) {
      replies.add(e);
      return this;
    }

    @Override
    public synchronized Minted mint() {
      calls.incrementAndGet();
      if (entered != null) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Object next = replies.remove();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (Minted) next;
    }

    @Override
    public List<String> secrets() {
      return List.of();
    }

    @Override
    public String describe() {
      return "a script";
    }
  }

  private static ServiceUnavailableException unavailable() {
    return new ServiceUnavailableException(new ProviderError("vertex", 503, null,
        "the token endpoint refused to issue an access token: backend error", null, true, null,
        Map.of()));
  }

  @Test
  void token_isReusedUntilFiveMinutesBeforeExpiry_thenMintedOnce() {
    source.then("tok-1", Duration.ofHours(1)).then("tok-2", Duration.ofHours(1));
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    assertThat(tokens.token()).isEqualTo("tok-1");
    time.advance(Duration.ofMinutes(54).plusSeconds(59));
    assertThat(tokens.token()).isEqualTo("tok-1");
    assertThat(source.calls).hasValue(1);
    time.advance(Duration.ofSeconds(1)); // 55 min: five minutes before expiry
    assertThat(tokens.token()).isEqualTo("tok-2");
    assertThat(tokens.token()).isEqualTo("tok-2");
    assertThat(source.calls).hasValue(2);
    assertThat(tokens.mints()).isEqualTo(2);
  }

  @Test
  void shortLivedToken_isRefreshedAtHalfItsLife() {
    // The metadata server hands out its cached token with what is left of its life.
    source.then("short", Duration.ofMinutes(4)).then("next", Duration.ofHours(1));
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    assertThat(tokens.token()).isEqualTo("short");
    time.advance(Duration.ofSeconds(119));
    assertThat(tokens.token()).isEqualTo("short");
    time.advance(Duration.ofSeconds(1));
    assertThat(tokens.token()).isEqualTo("next");
  }

  @Test
  void concurrentCallers_atExpiry_mintOnceAndAllGetTheNewToken() throws Exception {
    source.then("old", Duration.ofHours(1)).then("new", Duration.ofHours(1));
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    tokens.token();
    time.advance(Duration.ofHours(1)); // expired
    source.entered = new CountDownLatch(1);
    source.release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(tokens::token));
      }
      assertThat(source.entered.await(10, TimeUnit.SECONDS)).isTrue();
      source.release.countDown(); // the one refresh in flight completes
      for (Future<String> f : got) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("new");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(source.calls).hasValue(2); // the first mint and exactly one refresh
  }

  @Test
  void refreshFailure_whileTheOldTokenStillLives_usesItAndRetriesThirtySecondsLater() {
    source.then("old", Duration.ofHours(1)).thenFail(unavailable()).then("new",
        Duration.ofHours(1));
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    tokens.token();
    time.advance(Duration.ofMinutes(56));
    assertThat(tokens.token()).isEqualTo("old"); // refresh failed, old one still valid
    assertThat(LogCapture.text()).contains("refreshing the access token from a script failed");
    time.advance(Duration.ofSeconds(29));
    assertThat(tokens.token()).isEqualTo("old");
    assertThat(source.calls).hasValue(2); // no retry storm in between
    time.advance(Duration.ofSeconds(1));
    assertThat(tokens.token()).isEqualTo("new");
    assertThat(source.calls).hasValue(3);
  }

  @Test
  void refreshFailure_afterTheOldTokenExpired_failsTyped() {
    source.then("old", Duration.ofHours(1)).thenFail(unavailable());
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    tokens.token();
    time.advance(Duration.ofMinutes(59).plusSeconds(31));
    assertThat(catchThrowable(tokens::token)).isInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void firstMintFailure_isThrownAsIs() {
    AuthenticationException refused = new AuthenticationException(new ProviderError("vertex",
        400, "invalid_grant", "refused", null, false, null, Map.of()));
    source.thenFail(refused);
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    assertThat(catchThrowable(tokens::token)).isSameAs(refused);
  }

  @Test
  void invalidate_dropsTheToken_butNotOneJustMinted() {
    source.then("a", Duration.ofHours(1)).then("b", Duration.ofHours(1));
    GoogleTokens tokens = GoogleTokens.of(source, time, "vertex");
    tokens.token();
    tokens.invalidate(); // a late 401 for a token minted a moment ago: ignored
    assertThat(tokens.token()).isEqualTo("a");
    time.advance(Duration.ofMinutes(10));
    tokens.invalidate();
    assertThat(tokens.token()).isEqualTo("b");
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void fixedToken_isNeverRefreshedNorDropped() {
    GoogleTokens tokens = GoogleTokens.fixed("given", "vertex");
    tokens.invalidate();
    assertThat(tokens.token()).isEqualTo("given");
    assertThat(tokens.mints()).isZero();
    assertThat(tokens.toString()).doesNotContain("given");
  }
}
