package io.vectornode.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.Secret;
import io.vectornode.error.AuthenticationException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.LogCapture;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.RecordingModelCallListener;
import io.vectornode.testing.StubReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary credentials (access key id, secret, session token, Bedrock API key, rotated
 * credentials from a chain) never reach a message, a stack trace, a log line, a listener event
 * or a {@code toString()}, even when the server echoes them back.
 */
class BedrockCredentialsTest {
  private static final String ID_1 = "ASIACANARY1KEYID0001";
  private static final String SECRET_1 = "canarySecret1/9f86d081884c7d659a2feaa0c55ad015a3bf";
  private static final String TOKEN_1 = "IQoJcanaryToken1+b94d27b9934d3e08a52e52d7da7dabfac484efe";
  private static final String ID_2 = "ASIACANARY2KEYID0002";
  private static final String SECRET_2 = "canarySecret2/60303ae22b998861bce3b28f33eec1be758a";
  private static final String TOKEN_2 = "IQoJcanaryToken2+fd61a03af4f77d870fc21e05e7e80678095c92d";
  private static final String BEARER = "ABSKcanaryBedrockApiKey+2c26b46b68ffc68ff99b453c1d304134";

  private ProviderStubServer server;
  private RecordingModelCallListener listener;
  private ProviderContext context;

  @BeforeEach
  void start() {
    LogCapture.clear();
    server = ProviderStubServer.start();
    listener = new RecordingModelCallListener();
    context = ProviderContext.builder().listener(listener).build();
    TestCredentialsChain.FAILURE.set(null);
    TestCredentialsChain.CURRENT.set(AwsCredentials.of(ID_1, Secret.of(SECRET_1),
        Secret.of(TOKEN_1)));
  }

  @AfterEach
  void stop() {
    TestCredentialsChain.CURRENT.set(null);
    TestCredentialsChain.FAILURE.set(null);
    context.resources().close();
    server.close();
  }

  private ModelClient client(ProviderConfig config) {
    return ProviderRegistry.load().create(config, context);
  }

  private ProviderConfig.Builder config() {
    return ProviderConfig.builder("bedrock").option("region", "us-east-1")
        .baseUrl(server.rootUrl());
  }

  private static String everything(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw + "\n" + t;
  }

  /** Every way a server can echo text back: error JSON, a text body, bad JSON, a stream. */
  private static List<StubReply> echoes(String echo) {
    return List.of(BedrockStubs.error(403, "UnrecognizedClientException", echo),
        BedrockStubs.error(429, "ThrottlingException", echo),
        StubReply.body(502, "text/html", "<html>" + echo + "</html>"),
        StubReply.json(200, "{\"output\": " + echo),
        BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
            BedrockStubs.exception("validationException", echo))),
        BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
            BedrockStubs.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":"
                + "{\"text\":" + echo))));
  }

  private String run(ModelClient client, String echo) {
    StringBuilder seen = new StringBuilder();
    List<StubReply> replies = echoes(echo);
    for (int i = 0; i < replies.size(); i++) {
      server.enqueue(replies.get(i));
      ChatRequest request = ChatRequest.builder().model("amazon.nova-lite-v1:0").user("hi")
          .build();
      boolean stream = i >= 4;
      Throwable t = catchThrowable(() -> {
        if (stream) {
          try (ChatStream s = client.stream(request)) {
            s.response();
          }
        } else {
          client.chat(request);
        }
      });
      assertThat(t).as("reply %d must fail", i).isNotNull();
      seen.append(everything(t));
      RecordedCall call = server.takeRequest();
      seen.append(call.path());
    }
    return seen.toString();
  }

  @Test
  void chainCredentials_rotated_neverLeak_evenWhenEchoed() {
    ProviderConfig config = config().build();
    ModelClient client = client(config);
    StringBuilder seen = new StringBuilder(run(client,
        "\"key " + ID_1 + " secret " + SECRET_1 + " token " + TOKEN_1 + "\""));
    // The chain rotates (temporary credentials expire): the new ones are scrubbed too.
    TestCredentialsChain.CURRENT.set(AwsCredentials.of(ID_2, Secret.of(SECRET_2),
        Secret.of(TOKEN_2)));
    seen.append(run(client, "\"key " + ID_2 + " secret " + SECRET_2 + " token " + TOKEN_2
        + " old " + TOKEN_1 + "\""));
    seen.append(LogCapture.text()).append(listener.dump()).append(config).append(client)
        .append(context).append(TestCredentialsChain.CURRENT.get());
    assertThat(listener.ends()).hasSize(12);
    assertThat(seen.toString()).contains("[REDACTED]");
    for (String canary : List.of(ID_1, SECRET_1, TOKEN_1, ID_2, SECRET_2, TOKEN_2)) {
      assertThat(seen.toString()).doesNotContain(canary.substring(0, 12))
          .doesNotContain(canary.substring(canary.length() - 12));
    }
  }

  @Test
  void staticAndBearerCredentials_neverLeak_evenWhenEchoed() {
    ProviderConfig signed = config().option("accessKeyId", ID_1)
        .option("secretAccessKey", SECRET_1).option("sessionToken", TOKEN_1).build();
    StringBuilder seen = new StringBuilder(run(client(signed),
        "\"" + ID_1 + " / " + SECRET_1 + " / " + TOKEN_1 + "\""));
    ProviderConfig bearer = config().apiKey(BEARER).build();
    seen.append(run(client(bearer), "\"Bearer " + BEARER + " and " + BEARER + "\""));
    seen.append(LogCapture.text()).append(listener.dump()).append(signed).append(bearer)
        .append(client(signed)).append(client(bearer));
    assertThat(seen.toString()).contains("[REDACTED]");
    for (String canary : List.of(ID_1, SECRET_1, TOKEN_1, BEARER)) {
      assertThat(seen.toString()).doesNotContain(canary.substring(0, 12))
          .doesNotContain(canary.substring(canary.length() - 12));
    }
  }

  @Test
  void chainFailure_isAnAuthenticationError_beforeAnyRequest() {
    TestCredentialsChain.FAILURE.set("Unable to load credentials from any of the providers"
        + " in the chain: profile file not found");
    Throwable t = catchThrowable(() -> client(config().build())
        .chat(ChatRequest.builder().model("amazon.nova-micro-v1:0").user("x").build()));
    assertThat(t).isInstanceOfSatisfying(AuthenticationException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("no AWS credentials from test-chain")
          .contains("profile file not found");
    });
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void awsCredentialsToString_showsTheLastFourOfTheId_only() {
    AwsCredentials c = AwsCredentials.of(ID_1, Secret.of(SECRET_1), Secret.of(TOKEN_1));
    assertThat(c.toString()).isEqualTo("AwsCredentials[accessKeyId=...0001, "
        + "secretAccessKey=[REDACTED], sessionToken=[REDACTED]]");
  }
}
