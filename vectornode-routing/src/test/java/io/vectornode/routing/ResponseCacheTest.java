package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ProviderException;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.usage.LedgerRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact-match response cache, on the stub server and virtual time. */
class ResponseCacheTest extends RouterTestSupport {
  private ProviderStubServer s;

  private ModelClient client(ResponseCache.Builder cache) {
    s = server();
    return build(builder().provider(openai("p", s)).model("m", "p", "gpt-4o-mini")
        .responseCache(cache.build()));
  }

  private static ChatRequest.Builder req(String prompt) {
    return ChatRequest.builder().model("m").user(prompt).temperature(0.0);
  }

  @Test
  void chat_sameRequestTwice_secondIsAHitWithNoRequestAndNoCost() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.chat("Paris"));
    ChatResponse first = c.chat(req("capital of France?").build());
    ChatResponse second = c.chat(req("capital of France?").build());

    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(first.cached()).isFalse();
    assertThat(first.cost().usd().orElseThrow()).isPositive();
    assertThat(second.cached()).isTrue();
    assertThat(second.text()).isEqualTo("Paris");
    assertThat(second.attempts()).isZero();
    assertThat(second.cost().usd().orElseThrow()).isEqualByComparingTo(BigDecimal.ZERO);
    List<CallEndEvent> ends = listener.ends();
    assertThat(ends).hasSize(2);
    assertThat(ends.get(0).cacheHit()).isFalse();
    CallEndEvent hit = ends.get(1);
    assertThat(hit.cacheHit()).isTrue();
    assertThat(hit.attempts()).isEmpty();
    assertThat(hit.cost().usd().orElseThrow()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(hit.usage().inputTokens()).isZero();
    assertThat(hit.response().cached()).isTrue();

    LedgerRecord line = LedgerRecord.of(hit, time.clock().instant());
    assertThat(line.toJson()).contains("\"cacheHit\":true");
    assertThat(LedgerRecord.parse(line.toJson()).orElseThrow().cacheHit()).isTrue();
    assertThat(LedgerRecord.of(ends.get(0), time.clock().instant()).toJson())
        .doesNotContain("cacheHit");

    assertThat(c.chatAsync(req("capital of France?").build()).join().cached()).isTrue();
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void chat_closedClient_isNotAnsweredFromTheCache() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.chat("x"));
    c.chat(req("q").build());
    c.close();
    assertThat(catchThrowable(() -> c.chat(req("q").build())))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void chat_differentMessagesOrParameters_miss() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    for (int i = 0; i < 4; i++) {
      s.enqueue(OpenAiStubs.chat("answer " + i));
    }
    c.chat(req("a").build());
    c.chat(req("b").build());
    c.chat(req("a").maxOutputTokens(5).build());
    c.chat(req("a").seed(7L).build());
    assertThat(s.requestCount()).isEqualTo(4);
    assertThat(listener.ends()).noneMatch(CallEndEvent::cacheHit);
  }

  @Test
  void chat_routeNotOptedIn_isNotCached_unlessTheRequestFilterTakesIt() {
    ModelClient c = client(ResponseCache.builder().routes("other")
        .when(r -> "yes".equals(r.tags().get("cache"))));
    for (int i = 0; i < 3; i++) {
      s.enqueue(OpenAiStubs.chat("x"));
    }
    c.chat(req("q").build());
    c.chat(req("q").build());
    assertThat(s.requestCount()).isEqualTo(2);
    c.chat(req("q").tag("cache", "yes").build());
    ChatResponse hit = c.chat(req("q").tag("cache", "yes").build());
    assertThat(s.requestCount()).isEqualTo(3);
    assertThat(hit.cached()).isTrue();
  }

  @Test
  void chat_sampledRequest_isNotCachedByDefault_butIsWhenAskedFor() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.chat("one"));
    s.enqueue(OpenAiStubs.chat("two"));
    s.enqueue(OpenAiStubs.chat("three"));
    c.chat(req("q").temperature(0.7).build());
    c.chat(req("q").temperature(0.7).build());
    c.chat(ChatRequest.builder().model("m").user("q").build()); // unset: provider default > 0
    assertThat(s.requestCount()).isEqualTo(3);

    ModelClient sampled = client(ResponseCache.builder().routes("m").cacheSampled(true));
    s.enqueue(OpenAiStubs.chat("sample"));
    sampled.chat(req("q").temperature(0.7).build());
    assertThat(sampled.chat(req("q").temperature(0.7).build()).cached()).isTrue();
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void chat_error_isNotCached() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.error(400, "invalid_request_error", null, "bad"));
    s.enqueue(OpenAiStubs.chat("ok"));
    assertThat(catchThrowable(() -> c.chat(req("q").build()))).isInstanceOf(ProviderException.class);
    ChatResponse r = c.chat(req("q").build());
    assertThat(r.cached()).isFalse();
    assertThat(r.text()).isEqualTo("ok");
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void chat_afterTtl_missesAgain() {
    ModelClient c = client(ResponseCache.builder().routes("m").ttl(Duration.ofMinutes(10)));
    s.enqueue(OpenAiStubs.chat("one"));
    s.enqueue(OpenAiStubs.chat("two"));
    c.chat(req("q").build());
    time.advance(Duration.ofMinutes(9));
    assertThat(c.chat(req("q").build()).cached()).isTrue();
    time.advance(Duration.ofMinutes(2));
    ChatResponse r = c.chat(req("q").build());
    assertThat(r.cached()).isFalse();
    assertThat(r.text()).isEqualTo("two");
    assertThat(s.requestCount()).isEqualTo(2);
  }

  @Test
  void stream_hitFromAStreamedAnswer_replaysAsAStreamWithoutARequest() {
    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.stream("Hel", "lo"));
    try (ChatStream first = c.stream(req("hi").build())) {
      assertThat(first.response().text()).isEqualTo("Hello");
    }
    List<StreamEvent> events = new ArrayList<>();
    try (ChatStream replay = c.stream(req("hi").build())) {
      replay.forEach(events::add);
    }
    assertThat(((StreamEvent.Completed) events.get(events.size() - 1)).response().cached())
        .isTrue();
    assertThat(s.requestCount()).isEqualTo(1);
    assertThat(events).first().isEqualTo(new StreamEvent.TextDelta("Hello"));
    assertThat(events).last().isInstanceOf(StreamEvent.Completed.class);
    assertThat(listener.ends().get(1).cacheHit()).isTrue();
    // and a blocking call with the same request is answered from it too
    assertThat(c.chat(req("hi").build()).text()).isEqualTo("Hello");
    assertThat(s.requestCount()).isEqualTo(1);
  }

  @Test
  void key_neverHoldsTheApiKeyNorTagsOrHeaders() {
    ChatRequest a = req("q").tag("user", "u1").header("X-Trace", "sk-secret-0123456789").build();
    ChatRequest b = req("q").tag("user", "u2").build();
    String canonical = CacheKeys.canonical("m", a);
    assertThat(canonical).doesNotContain("sk-", "u1", "X-Trace");
    assertThat(CacheKeys.of("m", a)).isEqualTo(CacheKeys.of("m", b)).hasSize(64);
    assertThat(CacheKeys.of("m", a)).isNotEqualTo(CacheKeys.of("other", a));

    ModelClient c = client(ResponseCache.builder().routes("m"));
    s.enqueue(OpenAiStubs.chat("x"));
    c.chat(req("q").build());
    assertThat(s.takeRequest().header("Authorization").orElseThrow()).contains("sk-p-key");
    assertThat(CacheKeys.canonical("m", req("q").build())).doesNotContain("sk-p-key");
  }
}
