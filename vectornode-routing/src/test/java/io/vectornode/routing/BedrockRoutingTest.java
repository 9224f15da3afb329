package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.CallOutcome;
import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.BedrockStubs;
import io.vectornode.testing.ProviderStubServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router's stream commit point with Bedrock's in-stream exceptions: before the first
 * content a retryable one ({@code throttlingException}) is retried like any 429; after it, the
 * stream fails as a {@code StreamInterruptedException} keeping the partial output. Prices of
 * the bundled Bedrock rows reach the call's cost.
 */
class BedrockRoutingTest extends RouterTestSupport {
  private static final ChatRequest HI = ChatRequest.builder().user("hi").build();

  private static ProviderConfig bedrock(String name, ProviderStubServer s) {
    return ProviderConfig.builder(name).type("bedrock").apiKey("bedrock-" + name + "-key-0123")
        .option("region", "us-east-1").baseUrl(s.rootUrl()).readTimeout(Duration.ofSeconds(5))
        .build();
  }

  private ModelClient client(ProviderStubServer s) {
    return build(builder().provider(bedrock("aws", s))
        .model("nova", "aws", "us.amazon.nova-lite-v1:0").defaultModel("nova"));
  }

  @Test
  void throttledBeforeTheFirstToken_isRetried_andTheAnswerIsPricedFromTheCatalog() {
    ProviderStubServer s = server();
    s.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.exception("throttlingException", "Too many requests, please wait."))));
    s.enqueue(BedrockStubs.stream(List.of("Hel", "lo")));
    List<StreamEvent> seen = new ArrayList<>();
    try (ChatStream st = client(s).stream(HI)) {
      st.forEach(seen::add);
    }
    assertThat(seen).filteredOn(e -> e instanceof StreamEvent.TextDelta)
        .containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
    assertThat(s.requestCount()).isEqualTo(2);
    assertThat(listener.singleEnd().outcome()).isEqualTo(CallOutcome.SUCCESS);
    assertThat(listener.singleEnd().attempts()).hasSize(2);
    // us.amazon.nova-lite-v1:0: $0.06 in, $0.24 out per million; 25 in, 2 out.
    assertThat(listener.singleEnd().cost().usd()).hasValueSatisfying(usd ->
        assertThat(usd).isEqualByComparingTo("0.00000198"));
  }

  @Test
  void modelStreamErrorAfterTheFirstToken_failsWithThePartialOutput_withoutRetry() {
    ProviderStubServer s = server();
    s.enqueue(BedrockStubs.eventStream(List.of(BedrockStubs.messageStart(),
        BedrockStubs.textDelta(0, "half "), BedrockStubs.exception("modelStreamErrorException",
            "The model stream was interrupted."))));
    s.enqueue(BedrockStubs.stream(List.of("never")));
    Throwable t = catchThrowable(() -> {
      try (ChatStream st = client(s).stream(HI)) {
        st.forEach(e -> { });
      }
    });
    assertThat(t).isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
      assertThat(e.partialText()).isEqualTo("half ");
      assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class);
    });
    assertThat(s.requestCount()).isEqualTo(1);
  }
}
