package io.vectornode.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.PermissionDeniedException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.StubReply;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorsTest extends OpenAiTestSupport {

  private ProviderException call() {
    Throwable t = catchThrowable(() -> client.chat("gpt-4o-mini", "hi"));
    assertThat(t).isInstanceOf(ProviderException.class);
    return (ProviderException) t;
  }

  @ParameterizedTest(name = "{0} {2} -> {3}, retryable={4}")
  @CsvSource({
      "400, invalid_request_error, , InvalidRequestException, false",
      "400, invalid_request_error, context_length_exceeded, ContextLengthExceededException, false",
      "401, invalid_request_error, invalid_api_key, AuthenticationException, false",
      "403, permission_error, unsupported_country_region_territory, PermissionDeniedException,"
          + " false",
      "404, invalid_request_error, model_not_found, NotFoundException, false",
      "408, timeout, , ProviderException, true",
      "409, conflict, , ProviderException, true",
      "413, invalid_request_error, request_too_large, InvalidRequestException, false",
      "422, invalid_request_error, , InvalidRequestException, false",
      "429, requests, rate_limit_exceeded, RateLimitException, true",
      "429, insufficient_quota, insufficient_quota, RateLimitException, false",
      "500, server_error, , ServiceUnavailableException, true",
      "502, server_error, , ServiceUnavailableException, true",
      "503, server_error, , ServiceUnavailableException, true",
      "504, server_error, , ServiceUnavailableException, true",
      "529, overloaded_error, , ServiceUnavailableException, true"})
  void chat_errorStatus_mapsToTypedException(
      int status, String type, String code, String exceptionClass, boolean retryable) {
    server.enqueue(OpenAiStubs.error(status, type, code, "Something about " + type));

    ProviderException e = call();

    assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionClass);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.provider()).isEqualTo("openai");
    assertThat(e.requestId()).contains("req_stub_7b3b3c1e2a");
    assertThat(e.errorCode()).contains(code != null ? code : type);
    assertThat(e).hasMessageContaining("Something about " + type)
        .hasMessageContaining(Integer.toString(status));
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
    assertThat(listener.singleEnd().error()).isSameAs(e);
  }

  @Test
  void chat_rateLimited_keepsRetryAfterMsAndRateLimitHeaders() {
    server.enqueue(OpenAiStubs.rateLimited(Duration.ofMillis(1250)));
    ProviderException e = call();
    assertThat(e).isInstanceOfSatisfying(RateLimitException.class,
        r -> assertThat(r.quotaExceeded()).isFalse());
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1250));
    assertThat(e.headers())
        .containsEntry("x-ratelimit-limit-requests", "3")
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "20s")
        .containsEntry("x-ratelimit-remaining-tokens", "149984")
        .containsEntry("retry-after-ms", "1250")
        .containsEntry("x-request-id", "req_stub_7b3b3c1e2a")
        .doesNotContainKey("content-type");
  }

  @Test
  void chat_retryAfterInSeconds_isParsed() {
    server.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "slow down")
        .header("retry-after", "7"));
    assertThat(call().retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void chat_retryAfterAsHttpDate_isReadAgainstTheClock() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        time.clock().instant().plusSeconds(30).atOffset(ZoneOffset.UTC));
    server.enqueue(OpenAiStubs.error(503, "server_error", null, "down")
        .header("Retry-After", date));
    assertThat(call().retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void chat_garbageRetryAfter_isIgnored() {
    server.enqueue(OpenAiStubs.error(429, "requests", "rate_limit_exceeded", "x")
        .header("retry-after", "soon-ish"));
    ProviderException e = call();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void chat_quota429_isNotRetryable() {
    server.enqueue(OpenAiStubs.error(429, "insufficient_quota", "insufficient_quota",
        "You exceeded your current quota, please check your plan and billing details.")
        .header("retry-after", "20"));
    ProviderException e = call();
    assertThat(e).isInstanceOfSatisfying(RateLimitException.class,
        r -> assertThat(r.quotaExceeded()).isTrue());
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void chat_xShouldRetryHeader_overridesTheStatus() {
    server.enqueue(OpenAiStubs.error(500, "server_error", null, "no")
        .header("x-should-retry", "false"));
    server.enqueue(OpenAiStubs.error(400, "invalid_request_error", null, "yes")
        .header("x-should-retry", "true"));
    assertThat(call().retryable()).isFalse();
    assertThat(call().retryable()).isTrue();
  }

  @Test
  void chat_contextLengthByMessageOnly_isRecognized() {
    server.enqueue(OpenAiStubs.error(400, "invalid_request_error", null,
        "This model's maximum context length is 128000 tokens. However, your messages resulted"
            + " in 130000 tokens."));
    assertThat(call()).isInstanceOf(ContextLengthExceededException.class);
  }

  @Test
  void chat_nonJsonErrorBody_keepsStatusAndShowsBodySnippet() {
    server.enqueue(StubReply.body(502, "text/html",
        "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    ProviderException e = call();
    assertThat(e).isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("502 Bad Gateway");
    assertThat(e.errorCode()).isEmpty();
  }

  @Test
  void chat_malformedJsonOn200_throwsResponseParseException() {
    server.enqueue(StubReply.json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":"));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("not JSON");
    server.enqueue(StubReply.json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}"));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("no choices");
  }

  @Test
  void chat_htmlOn200_quotesTheBodyStartRedacted() {
    // A proxy's error page served with 200; the body is parsed without being copied, and its
    // first 200 bytes are still there to quote.
    String page = "<html><body>Gateway says: bad key " + KEY + "</body>" + "x".repeat(400)
        + "</html>";
    server.enqueue(StubReply.body(200, "text/html", page));
    Throwable t = catchThrowable(() -> client.chat("m", "x"));
    assertThat(t).isInstanceOf(ResponseParseException.class)
        .hasMessageStartingWith("openai: response is not JSON: <html><body>Gateway says")
        .hasMessageEndingWith("...")
        .hasMessageNotContaining(KEY);
    assertThat(t.getMessage()).hasSizeLessThan(300);
  }

  @Test
  void chat_jsonArrayOn200_isNotAnObject() {
    server.enqueue(StubReply.json(200, "[1,2,3]"));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("response is not a JSON object: [1,2,3]");
    server.enqueue(StubReply.json(200, ""));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOf(ResponseParseException.class)
        .hasMessageContaining("response is not a JSON object");
  }

  @Test
  void chat_connectionRefused_isAConnectTransportErrorWithNothingSent() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ModelClient refused = ProviderRegistry.load().create(ProviderConfig.builder("openai")
        .apiKey(KEY).baseUrl("http://127.0.0.1:" + port + "/v1").build(), context);
    assertThatThrownBy(() -> refused.chat("m", "x"))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT);
          assertThat(e.requestSent()).isFalse();
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void chat_slowHeaders_timeOutAsATransportError() {
    client = client(b -> b.readTimeout(Duration.ofMillis(200)));
    server.enqueue(OpenAiStubs.chat("late").headersDelay(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> client.chat("m", "x"))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT));
  }

  @Test
  void chat_perRequestTimeout_boundsTheWholeCall() {
    server.enqueue(OpenAiStubs.chat("late").headersDelay(Duration.ofSeconds(2)));
    ChatRequest request = ChatRequest.builder().model("m").user("x")
        .timeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> client.chat(request))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT));
  }

  @Test
  void chatAsync_errorStatus_completesExceptionallyWithTypedError() {
    server.enqueue(OpenAiStubs.error(401, "invalid_request_error", "invalid_api_key", "bad key"));
    Throwable t = catchThrowable(() -> client.chatAsync(
        ChatRequest.builder().model("m").user("x").build()).get());
    assertThat(t).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AuthenticationException.class);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.FAILURE);
  }

  @Test
  void chatAsync_cancelled_cancelsTheCallAndReportsCancelled() {
    server.enqueue(OpenAiStubs.chat("never").headersDelay(Duration.ofSeconds(5)));
    var future = client.chatAsync(ChatRequest.builder().model("m").user("x").build());
    assertThat(future.cancel(true)).isTrue();
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
  }

  @Test
  void close_withChatAsyncInFlight_cancelsTheCallAndReportsCancelled() {
    server.enqueue(OpenAiStubs.chat("never").headersDelay(Duration.ofSeconds(5)));
    var future = client.chatAsync(ChatRequest.builder().model("m").user("x").build());
    server.takeRequest(); // the request is on the wire, its answer held back

    client.close();

    assertThat(future).isCancelled();
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.CANCELLED);
    assertThat(listener.singleEnd().error()).isInstanceOf(CancellationException.class)
        .hasMessage("the client was closed");
    assertThat(listener.singleEnd().attempts()).singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(CallOutcome.CANCELLED));
  }

  @Test
  void exceptionTypes_areAllProviderExceptions() {
    assertThat(ProviderException.class)
        .isAssignableFrom(InvalidRequestException.class)
        .isAssignableFrom(NotFoundException.class)
        .isAssignableFrom(PermissionDeniedException.class);
  }
}
