package io.vectornode.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The Lua scripts, run by their SHA-1 (loaded once per connection; a restarted Redis that forgot
 * them gets the script's text once).
 */
final class Scripts {
  static final int ADMIT = 0;
  static final int STATUS = 1;
  static final int HEALTH = 2;
  static final int CORRECT = 3;
  static final int WINDOW = 4;
  static final int UNLEASE = 5;
  static final int UNRESERVE = 6;
  private static final String[] NAMES = {"admit", "status", "health", "correct", "window",
      "unlease", "unreserve"};

  private final String[] text = new String[NAMES.length];
  private final String[] sha = new String[NAMES.length];

  Scripts() {
    for (int i = 0; i < NAMES.length; i++) {
      try (InputStream in = Scripts.class.getResourceAsStream(NAMES[i] + ".lua")) {
        if (in == null) {
          throw new IllegalStateException("script " + NAMES[i] + ".lua is missing");
        }
        text[i] = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("script " + NAMES[i] + ".lua cannot be read", e);
      }
    }
  }

  /** Loads every script on a new connection. */
  void load(StatefulRedisConnection<String, String> c, Duration timeout) {
    try {
      for (int i = 0; i < NAMES.length; i++) {
        sha[i] = c.async().scriptLoad(text[i]).get(Math.max(timeout.toMillis(), 2000),
            TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("loading the scripts failed: " + e.getClass()
          .getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the scripts", e);
    }
  }

  /**
   * Runs a script and waits for its answer, at most the state's timeout.
   *
   * @throws RedisState.Unavailable when Redis does not answer in time or the connection is down
   *     (the outage is then started)
   */
  @SuppressWarnings("unchecked")
  List<Object> run(RedisState state, int script, String[] keys, String[] args)
      throws RedisState.Unavailable {
    StatefulRedisConnection<String, String> c = state.connection();
    if (c == null || !c.isOpen()) {
      RedisState.Unavailable u = new RedisState.Unavailable("not connected");
      state.markDown(u);
      throw u;
    }
    long deadline = System.nanoTime() + state.timeout().toNanos();
    RedisFuture<Object> f = c.async().evalsha(sha[script], ScriptOutputType.MULTI, keys, args);
    try {
      return asList(await(f, deadline));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RedisNoScriptException) {
        try {
          return asList(await(c.async().eval(text[script], ScriptOutputType.MULTI, keys, args),
              deadline));
        } catch (ExecutionException | TimeoutException again) {
          throw down(state, again);
        }
      }
      throw down(state, e);
    } catch (TimeoutException e) {
      throw down(state, e);
    }
  }

  /**
   * Runs a script without waiting: the callback gets its answer or the failure (the outage is
   * then started). A script Redis forgot is sent again as text.
   */
  void runAsync(RedisState state, int script, String[] keys, String[] args,
      BiConsumer<@Nullable List<Object>, @Nullable Throwable> then) {
    StatefulRedisConnection<String, String> c = state.connection();
    if (c == null || !c.isOpen()) {
      RedisState.Unavailable u = new RedisState.Unavailable("not connected");
      state.markDown(u);
      then.accept(null, u);
      return;
    }
    c.async().<Object>evalsha(sha[script], ScriptOutputType.MULTI, keys, args)
        .toCompletableFuture().orTimeout(state.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((out, error) -> {
          if (error == null) {
            then.accept(asList(out), null);
          } else if (unwrap(error) instanceof RedisNoScriptException) {
            c.async().<Object>eval(text[script], ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture().orTimeout(state.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((out2, error2) -> {
                  if (error2 != null) {
                    failed(state, unwrap(error2));
                  }
                  then.accept(error2 == null ? asList(out2) : null, error2);
                });
          } else {
            failed(state, unwrap(error));
            then.accept(null, error);
          }
        });
  }

  private static Object await(RedisFuture<Object> f, long deadline)
      throws ExecutionException, TimeoutException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new TimeoutException("interrupted");
    } catch (TimeoutException e) {
      f.cancel(false);
      throw e;
    }
  }

  private static RedisState.Unavailable down(RedisState state, Exception e) {
    Throwable cause = unwrap(e);
    RedisState.Unavailable u = new RedisState.Unavailable(cause instanceof TimeoutException
        ? "no answer within " + state.timeout().toMillis() + " ms" : state.describe(cause));
    failed(state, cause);
    return u;
  }

  /**
   * An error reply (WRONGTYPE, OOM, READONLY...) comes from a Redis that answers: it is not an
   * outage (a probe would find Redis up at once, and the next call fail again), only this
   * command's failure. Anything else (timeout, connection) starts the outage.
   */
  private static void failed(RedisState state, Throwable cause) {
    if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
      state.refused(cause);
    } else {
      state.markDown(cause);
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent
        .CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(@Nullable Object out) {
    if (out instanceof List<?> l) {
      return (List<Object>) l;
    }
    return List.of(out == null ? 0L : out);
  }
}
