package io.vectornode.providers.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ModelClient;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.HostileServer;
import io.vectornode.testing.HostileServer.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider URL that answers with a redirect must not send the key, the configured headers or
 * the prompt anywhere else: OkHttp strips only {@code Authorization} across hosts, so before this
 * test {@code x-api-key}, {@code x-goog-api-key}, {@code api-key} and every configured header
 * reached the other host 16 times in 16, and a 307/308 re-sent the prompt and reported SUCCESS
 * with that host's answer. Now a redirect is a typed error naming the status and the target host.
 */
class RedirectTest {
  private static final String PROMPT = "the secret plans for the launch";
  private static final List<String> TYPES =
      List.of("openai", "anthropic", "gemini", "azure-openai", "openai-compatible");

  private HostileServer origin;
  private HostileServer elsewhere;
  private ProviderContext context;

  @BeforeEach
  void start() {
    origin = HostileServer.start();
    elsewhere = HostileServer.start();
    context = ProviderContext.builder().build();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    origin.close();
    elsewhere.close();
  }

  private ModelClient client(String type) {
    boolean root = !type.startsWith("openai");
    return ProviderRegistry.load().create(ProviderConfig.builder("p").type(type)
        .apiKey(Targets.KEY).baseUrl(root ? origin.rootUrl() : origin.baseUrl())
        .header("X-Gateway-Token", Targets.HEADER).defaultModel("m").build(), context);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void redirect_toAnotherHost_isRefusedForEveryProvider_andNothingLeavesForIt(int status) {
    for (String type : TYPES) {
      for (boolean stream : new boolean[] {false, true}) {
        // The target carries a "secret" in its query: the message may name the host, not this.
        origin.enqueue(Reply.status(status)
            .header("Location", elsewhere.rootUrl() + "/steal?token=q-secret-in-url"));
        elsewhere.enqueue(Reply.status(200).header("Content-Type", "application/json")
            .body("{\"choices\":[{\"message\":{\"content\":\"from elsewhere\"}}]}"));
        ModelClient client = client(type);
        Throwable thrown = catchThrowable(() -> {
          if (stream) {
            try (var s = client.stream(io.vectornode.ChatRequest.builder().user(PROMPT)
                .build())) {
              s.forEach(e -> { });
            }
          } else {
            client.chat(io.vectornode.ChatRequest.builder().user(PROMPT).build());
          }
        });
        String where = type + " " + status + (stream ? " stream" : " chat");
        assertThat(thrown).as(where).isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) thrown;
        assertThat(e.status()).as(where).isEqualTo(status);
        assertThat(e.retryable()).as(where).isFalse();
        assertThat(e.errorCode()).as(where).contains("redirect");
        assertThat(e.getMessage()).as(where)
            .contains("127.0.0.1:" + elsewhere.port()).contains("refused")
            .doesNotContain("q-secret-in-url").doesNotContain("/steal");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(Targets.KEY).doesNotContain(Targets.HEADER);
      }
    }
    assertThat(elsewhere.requestCount()).as("requests that reached the other host").isZero();
    assertThat(origin.requestCount()).isEqualTo(TYPES.size() * 2);
    assertThat(origin.requests()).allSatisfy(r -> assertThat(r.body()).contains(PROMPT));
  }

  @ParameterizedTest
  @ValueSource(ints = {307, 308})
  void redirect_toTheSameHost_isRefusedToo(int status) {
    origin.enqueue(Reply.status(status).header("Location", "/v1/elsewhere"));
    Throwable thrown = catchThrowable(() -> client("openai").chat("m", PROMPT));
    assertThat(thrown).isInstanceOf(ProviderException.class)
        .hasMessageContaining("the same host").hasMessageContaining("refused");
    assertThat(origin.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 307})
  void redirect_withoutLocation_isStillATypedError(int status) {
    origin.enqueue(Reply.status(status));
    Throwable thrown = catchThrowable(() -> client("anthropic").chat("m", PROMPT));
    assertThat(thrown).isInstanceOf(ProviderException.class)
        .hasMessageContaining("no usable Location");
  }
}
