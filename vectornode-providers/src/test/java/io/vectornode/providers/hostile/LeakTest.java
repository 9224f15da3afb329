package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatResponse;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.HostileServer;
import io.vectornode.testing.HostileServer.Reply;
import io.vectornode.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server may echo the key anywhere it controls: the error's code, type or status fields, any
 * response header, a body cut at an excerpt's edge. None of it may reach an exception message,
 * a stack trace, {@code ProviderException.headers()}, a listener event or a log line, not even
 * in part: this test looks for every run of 8 characters of the key, not only the whole key.
 */
class LeakTest extends HostileSupport {

  /** Every run of 8 characters of a secret found in the text, for the failure message. */
  /** Every run of 8 characters of a secret found in the text, in any letter case. */
  static List<String> fragments(String text) {
    List<String> found = new ArrayList<>();
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    for (String secret : List.of(Targets.KEY, Targets.HEADER)) {
      String s = secret.toLowerCase(java.util.Locale.ROOT);
      for (int i = 0; i + 8 <= s.length(); i++) {
        String gram = s.substring(i, i + 8);
        if (lower.contains(gram)) {
          found.add(gram);
        }
      }
    }
    return found;
  }

  private String everything(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    StringBuilder sb = new StringBuilder(sw.toString());
    if (t instanceof ProviderException p) {
      sb.append(p.headers()).append(p.errorCode()).append(p.requestId()).append(p.error());
    }
    sb.append(listener.ends()).append(listener.attempts()).append(LogCapture.text());
    return sb.toString();
  }

  private void assertNoLeak(String where, Throwable t) {
    assertThat(t).as(where).isNotNull();
    assertThat(fragments(everything(t))).as(where + ": " + t.getMessage()).isEmpty();
  }

  private static final String ECHO_HEADERS = "x-request-id|request-id|x-ratelimit-limit-requests"
      + "|x-ratelimit-remaining-tokens|anthropic-ratelimit-requests-limit|retry-after";

  private Reply echoingHeaders(Reply r) {
    for (String h : ECHO_HEADERS.split("\\|")) {
      r.header(h, "echo " + Targets.KEY + " and " + Targets.HEADER);
    }
    return r;
  }

  @ParameterizedTest
  @MethodSource("targets")
  void keyEchoedInCodeTypeStatusAndHeaders_neverLeaves(Targets.Target t) {
    String body = switch (t.type()) {
      case "openai" -> "{\"error\":{\"message\":\"bad key\",\"type\":\"" + Targets.KEY
          + "\",\"code\":\"" + Targets.KEY + "\"}}";
      case "anthropic" -> "{\"type\":\"error\",\"error\":{\"type\":\"" + Targets.KEY
          + "\",\"message\":\"bad key\"},\"request_id\":\"" + Targets.KEY + "\"}";
      default -> "{\"error\":{\"code\":401,\"message\":\"bad key\",\"status\":\""
          + Targets.KEY + "\"}}";
    };
    for (int status : new int[] {401, 429, 500}) {
      for (boolean stream : new boolean[] {false, true}) {
        server.enqueue(echoingHeaders(Reply.status(status)
            .header("Content-Type", "application/json")).body(body));
        Throwable thrown = catchThrowable(() -> Targets.call(client(t), stream));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        assertNoLeak(t + " " + status, thrown);
        assertThat(((ProviderException) thrown).headers()).containsKey("x-request-id");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("targets")
  void keyEchoedInAStreamErrorEvent_neverLeaves(Targets.Target t) {
    String event = switch (t.type()) {
      case "openai" -> "data: {\"error\":{\"message\":\"" + Targets.KEY + "\",\"type\":\""
          + Targets.KEY + "\",\"code\":\"" + Targets.HEADER + "\"}}\n\n";
      case "anthropic" -> "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\""
          + Targets.KEY + "\",\"message\":\"" + Targets.HEADER + "\"}}\n\n";
      default -> "data: {\"error\":{\"code\":500,\"message\":\"" + Targets.KEY
          + "\",\"status\":\"" + Targets.HEADER + "\"}}\n\n";
    };
    server.enqueue(echoingHeaders(Reply.status(200)
        .header("Content-Type", "text/event-stream")).body(event));
    assertNoLeak(t.type(), catchThrowable(() -> Targets.call(client(t), true)));
  }

  /**
   * Cuts at every offset around each excerpt's edge (the 300-character error snippet, the
   * 200-byte non-JSON body excerpt, the 200-character malformed chunk excerpt): truncating
   * before redacting let 30 of 42 characters of a key through.
   */
  @ParameterizedTest
  @MethodSource("targets")
  void keyStraddlingAnExcerptsEdge_neverLeavesInPart(Targets.Target t) {
    for (int before : new int[] {180, 190, 195, 199, 280, 290, 295, 299}) {
      String filler = "f".repeat(before);
      // a body that is not JSON: quoted in the error message, up to 300 characters
      server.enqueue(Reply.status(500).header("Content-Type", "text/plain")
          .body(filler + Targets.KEY + " trailing"));
      assertNoLeak("error snippet " + before, catchThrowable(() -> Targets.call(client(t),
          false)));
      // a 200 that is not JSON: quoted up to 200 bytes
      server.enqueue(Reply.status(200).header("Content-Type", "application/json")
          .body("<" + filler + Targets.KEY + " trailing"));
      assertNoLeak("non-JSON body " + before, catchThrowable(() -> Targets.call(client(t),
          false)));
      // a malformed chunk: quoted up to 200 characters
      server.enqueue(Reply.status(200).header("Content-Type", "text/event-stream")
          .body("data: {\"broken\" " + filler + Targets.KEY + "\n\n"));
      assertNoLeak("malformed chunk " + before, catchThrowable(() -> Targets.call(client(t),
          true)));
    }
  }

  @Test
  void keyEchoedShortenedByTheServer_isScrubbedToo() {
    String shortened = Targets.KEY.substring(0, 30) + "...";
    server.enqueue(Reply.status(401).header("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Incorrect API key provided: " + shortened + "\","
            + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    Throwable thrown = catchThrowable(() -> Targets.call(client(Targets.OPENAI), false));
    assertNoLeak("shortened echo", thrown);
    assertThat(thrown).hasMessageContaining("Incorrect API key provided: [REDACTED]");
  }

  @ParameterizedTest
  @MethodSource("targets")
  void keyEchoedAsTheModelOrId_ofASuccess_isRedacted(Targets.Target t) {
    String body = switch (t.type()) {
      case "openai" -> "{\"id\":\"" + Targets.KEY + "\",\"model\":\"" + Targets.KEY + "\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}]}";
      case "anthropic" -> "{\"id\":\"" + Targets.KEY + "\",\"model\":\"" + Targets.KEY + "\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\"}";
      default -> "{\"responseId\":\"" + Targets.KEY + "\",\"modelVersion\":\"" + Targets.KEY
          + "\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
          + "\"finishReason\":\"STOP\"}]}";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json").body(body));
    ChatResponse r = client(t).chat(Targets.request());
    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.model() + r.id() + listener.ends()).doesNotContain(Targets.KEY);
  }

  @Test
  void keyWithANonAsciiOrControlCharacter_isAConfigurationError_namingThePositionOnly() {
    String bad = "sk-canary-HOSTILE-1f0e3d\u00e9d99908345f7439f8ffabdffc4";
    assertThatThrownBy(() -> ProviderConfig.builder("p").apiKey(bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("apiKey").hasMessageContaining("position 25")
        .hasMessageContaining("non-ASCII")
        .satisfies(e -> assertThat(fragments(e.getMessage().replace("\u00e9", ""))).isEmpty())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("1f0e3d"));
    assertThatThrownBy(() -> ProviderConfig.builder("p").apiKey("sk-abcdefgh\nijkl"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("control character (U+000A) at position 12")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcdefgh"));
    assertThatThrownBy(() -> ProviderConfig.builder("p").apiKey("sk-abc def-ghijk"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("a space");
    assertThatThrownBy(() -> ProviderConfig.builder("p")
        .header("X-Token", "tok-\u00fcber-secret-value"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("headers.X-Token").hasMessageContaining("position 5")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-value"));
    assertThatThrownBy(() -> ProviderConfig.builder("p").header("X T", "v"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("header name 'X T'");
    // A space or tab inside a header value is legal HTTP and kept.
    assertThat(ProviderConfig.builder("p").header("X-Note", "two words\tok").build().headers())
        .containsEntry("X-Note", "two words\tok");
  }

  private static String q(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** OkHttp quotes server bytes in some I/O messages: the cause kept must be scrubbed too. */
  @ParameterizedTest
  @MethodSource("targets")
  void keyInAMalformedStatusLineOrChunkSize_neverLeavesThroughTheCause(Targets.Target t) {
    server.enqueue(Reply.rawHead(Targets.KEY + " 200 OK\r\n\r\n"));
    Throwable thrown = catchThrowable(() -> Targets.call(client(t), false));
    assertThat(thrown).isInstanceOf(io.vectornode.error.TransportException.class);
    assertNoLeak("status line", thrown);
    assertThat(thrown.getCause()).isNotNull();
    assertThat(thrown.getCause().getMessage()).contains("ProtocolException");
    server.enqueue(Reply.rawHead("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n")
        .body(Integer.toHexString(t.sseText().length()) + "\r\n" + t.sseText() + "\r\n1 "
            + Targets.KEY + "\r\n"));
    assertNoLeak("chunk size", catchThrowable(() -> Targets.call(client(t), true)));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void keyInResponseHeaderNames_neverLeaves(Targets.Target t) {
    server.enqueue(Reply.status(429).header("Content-Type", "application/json")
        .header("x-ratelimit-" + Targets.KEY, "1").header("retry-after" + Targets.KEY, "2")
        .header("anthropic-ratelimit-" + Targets.HEADER, "3")
        .header("x-request-id", "req_1").body(String.format(t.errorJson(), "slow down")));
    Throwable thrown = catchThrowable(() -> Targets.call(client(t), false));
    assertNoLeak("header names", thrown);
    assertThat(((ProviderException) thrown).headers()).containsEntry("x-request-id", "req_1");
  }

  @Test
  void keyCaseFoldedInARedirectHost_neverLeaves() {
    server.enqueue(Reply.status(307).header("Location", "http://" + Targets.KEY + ":8080/x"));
    Throwable thrown = catchThrowable(() -> Targets.call(client(Targets.OPENAI), false));
    assertThat(thrown).isInstanceOf(ProviderException.class).hasMessageContaining("refused");
    assertNoLeak("case-folded host", thrown);
  }

  @ParameterizedTest
  @MethodSource("targets")
  void successModelOrId_shortenedEcho_controlCharactersAndSize_areCleaned(Targets.Target t) {
    String model = "m-" + Targets.KEY.substring(3, 30) + "\r\nINFO forged line " + "x".repeat(
        2 << 20);
    String body = switch (t.type()) {
      case "openai" -> "{\"id\":\"c\",\"model\":" + q(model)
          + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}]}";
      case "anthropic" -> "{\"id\":\"m\",\"model\":" + q(model)
          + ",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\"}";
      default -> "{\"modelVersion\":" + q(model)
          + ",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
          + "\"finishReason\":\"STOP\"}]}";
    };
    server.enqueue(Reply.status(200).header("Content-Type", "application/json").body(body));
    ChatResponse r = client(t).chat(Targets.request());
    assertThat(r.model()).hasSizeLessThanOrEqualTo(300).doesNotContain("\r").doesNotContain("\n")
        .contains("[REDACTED]");
    assertThat(fragments(r.model() + r.id())).isEmpty();
  }

  @Test
  void optionThatBecomesAHeader_withANonAsciiCharacter_isRefusedAtBuild() {
    assertThatThrownBy(() -> client(Targets.OPENAI, b -> b.option("organization",
        "org-\u00e9-secret-org-id")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("options.organization")
        .hasMessageContaining("position 5")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-org-id"));
    assertThatThrownBy(() -> client(Targets.ANTHROPIC, b -> b.option("beta", "b\u00e9ta-x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("options.beta");
  }

  @Test
  void tokenInTheBaseUrlQuery_isHiddenFromToStringAndScrubbedFromEchoes() {
    String token = "gw-token-QUERY-a87ff679a2f3e71d9181a67b7542122c";
    ProviderConfig c = ProviderConfig.builder("p").type("openai-compatible")
        .baseUrl(server.baseUrl() + "?token=" + token).build();
    assertThat(c.toString()).doesNotContain(token).contains("?...");
    server.enqueue(Reply.status(400).header("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"bad token " + token + "\",\"code\":\"" + token
            + "\"}}"));
    Throwable thrown = catchThrowable(() -> io.vectornode.spi.ProviderRegistry.load()
        .create(c.toBuilder().defaultModel("m").build(), context).chat(Targets.request()));
    assertThat(thrown).isInstanceOf(ProviderException.class);
    StringWriter sw = new StringWriter();
    thrown.printStackTrace(new PrintWriter(sw));
    assertThat(sw.toString()).doesNotContain(token).doesNotContain(token.substring(10, 30));
  }
}
