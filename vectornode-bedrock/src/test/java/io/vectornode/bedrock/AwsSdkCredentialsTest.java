package io.vectornode.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.StreamEvent;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.StubReply;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The SDK chain plugged into the bedrock provider, and two cross-checks against AWS's own code:
 * the hand-written SigV4 signer against the SDK's {@code AwsV4HttpSigner}, and the event-stream
 * decoder against frames the SDK's {@code eventstream} encoder writes.
 */
class AwsSdkCredentialsTest {
  private static final String ID = "ASIAIOSFODNN7SDKTEST";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSDKTESTKEY";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjSDKTESTTOKEN//////////wEaCXVzLWVhc3QtMSJH";
  private static final Instant NOW = Instant.parse("2026-03-01T12:34:56Z");
  private static final List<String> PROPERTIES = List.of("aws.accessKeyId",
      "aws.secretAccessKey", "aws.sessionToken", "aws.sharedCredentialsFile", "aws.configFile",
      "aws.disableEc2Metadata");

  private final Map<String, String> saved = new LinkedHashMap<>();
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    for (String p : PROPERTIES) {
      saved.put(p, System.getProperty(p));
      System.clearProperty(p);
    }
    // Never ask a real instance metadata service, whatever the test finds or not.
    System.setProperty("aws.disableEc2Metadata", "true");
    server = ProviderStubServer.start();
    context = ProviderContext.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @AfterEach
  void stop() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    context.resources().close();
    server.close();
  }

  private io.vectornode.ModelClient client(ProviderConfig.Builder b) {
    return ProviderRegistry.load().create(b.option("region", "us-east-1")
        .baseUrl(server.rootUrl()).build(), context);
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("us.anthropic.claude-3-5-sonnet-20241022-v2:0")
        .user("Hello, Bedrock").build();
  }

  @Test
  void chain_isFoundOnTheClassPath_andSignsWithWhatItResolves() {
    System.setProperty("aws.accessKeyId", ID);
    System.setProperty("aws.secretAccessKey", SECRET);
    System.setProperty("aws.sessionToken", TOKEN);
    server.enqueue(BedrockStubs.text("signed by the chain"));
    assertThat(client(ProviderConfig.builder("bedrock")).chat(request()).text())
        .isEqualTo("signed by the chain");
    RecordedCall call = server.takeRequest();
    assertThat(call.header("authorization").orElseThrow())
        .startsWith("AWS4-HMAC-SHA256 Credential=" + ID + "/20260301/us-east-1/bedrock/");
    assertThat(call.header("x-amz-security-token")).contains(TOKEN);
  }

  @Test
  void signature_isTheOneTheAwsSdkSignerComputes_forTheSameRequest() {
    System.setProperty("aws.accessKeyId", ID);
    System.setProperty("aws.secretAccessKey", SECRET);
    System.setProperty("aws.sessionToken", TOKEN);
    server.enqueue(BedrockStubs.text("ok"));
    client(ProviderConfig.builder("bedrock")).chat(request());
    RecordedCall call = server.takeRequest();
    byte[] body = call.body().getBytes(StandardCharsets.UTF_8);

    SdkHttpRequest sdkRequest = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://" + call.header("host").orElseThrow() + call.path()))
        .putHeader("Content-Type", "application/json").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsSessionCredentialsIdentity.create(ID, SECRET, TOKEN))
        .request(sdkRequest)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
    String expected = signed.request().firstMatchingHeader("Authorization").orElseThrow();
    assertThat(call.path()).contains("%3A0");
    assertThat(call.header("authorization")).contains(expected);
  }

  @Test
  void profile_option_readsThatProfile_fromTheSharedCredentialsFile(@TempDir Path dir)
      throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = AKIADEFAULT000000000\n"
        + "aws_secret_access_key = default-secret\n\n[ml-prod]\n"
        + "aws_access_key_id = AKIAMLPROD0000000000\naws_secret_access_key = prod-secret\n");
    Path config = dir.resolve("config");
    Files.writeString(config, "");
    System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    System.setProperty("aws.configFile", config.toString());
    server.enqueue(BedrockStubs.text("ok"));
    client(ProviderConfig.builder("bedrock").option("profile", "ml-prod")).chat(request());
    assertThat(server.takeRequest().header("authorization").orElseThrow())
        .contains("Credential=AKIAMLPROD0000000000/").doesNotContain("x-amz-security-token");
  }

  @Test
  void sdkEncodedEventStream_isReadByTheProvidersDecoder() {
    List<byte[]> frames = new ArrayList<>();
    frames.add(sdkFrame("messageStart", "{\"role\":\"assistant\"}"));
    frames.add(sdkFrame("contentBlockDelta",
        "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"abcd\"}"));
    frames.add(sdkFrame("contentBlockDelta",
        "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"},\"p\":\"abcdefgh\"}"));
    frames.add(sdkFrame("contentBlockStop", "{\"contentBlockIndex\":0}"));
    frames.add(sdkFrame("messageStop", "{\"stopReason\":\"end_turn\"}"));
    frames.add(sdkFrame("metadata", "{\"usage\":{\"inputTokens\":7,\"outputTokens\":2,"
        + "\"totalTokens\":9},\"metrics\":{\"latencyMs\":100}}"));
    server.enqueue(StubReply.eventStream(frames, BedrockStubs.idle()).chunkSize(5));
    StringBuilder text = new StringBuilder();
    StreamEvent last = null;
    try (ChatStream s = client(ProviderConfig.builder("bedrock").apiKey("bedrock-key-000000"))
        .stream(request())) {
      for (StreamEvent e : s) {
        last = e;
        if (e instanceof StreamEvent.TextDelta t) {
          text.append(t.text());
        }
      }
    }
    assertThat(text.toString()).isEqualTo("Hello");
    assertThat(last).isInstanceOfSatisfying(StreamEvent.Completed.class,
        c -> assertThat(c.response().usage().outputTokens()).isEqualTo(2));
  }

  private static byte[] sdkFrame(String type, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Message(h, json.getBytes(StandardCharsets.UTF_8)).encode(out);
    return out.toByteArray();
  }

  @Test
  void source_toStringNamesTheProviderClass_neverTheCredentials() {
    System.setProperty("aws.accessKeyId", ID);
    System.setProperty("aws.secretAccessKey", SECRET);
    var source = new AwsSdkCredentials().create(ProviderConfig.builder("bedrock").build());
    assertThat(source.credentials().accessKeyId()).isEqualTo(ID);
    assertThat(source + " " + source.credentials()).contains("DefaultCredentialsProvider")
        .doesNotContain(SECRET).doesNotContain(ID);
  }
}
