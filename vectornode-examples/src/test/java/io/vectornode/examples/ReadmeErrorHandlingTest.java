package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.OpenAiStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's error-handling example ("Using the client"), run as written against a deployment
 * that answers 429 on every attempt: its {@code catch (RateLimitException e)} fires after the
 * router's retries (issue 12).
 */
class ReadmeErrorHandlingTest {
  private static final String BLOCK_START = "// Errors: one unchecked hierarchy";

  @Test
  void readmeCatchBlock_catchesA429AfterTheRoutersRetries() {
    ManualTime time = ManualTime.create();
    try (ProviderStubServer server = ProviderStubServer.start()) {
      for (int i = 0; i < 3; i++) {
        server.enqueue(OpenAiStubs.rateLimited(Duration.ofSeconds(2)));
      }
      try (ModelClient ai = VectorNode.builder()
          .provider(ProviderConfig.builder("openai").apiKey("sk-readme-0123456789abcdef")
              .baseUrl(server.baseUrl()).build())
          .model("fast", "openai", "gpt-4o-mini")
          .ticker(time).clock(time.clock()).sleeper(time)
          .build()) {
        ChatRequest request = ChatRequest.builder().model("fast").user("Why is the sky blue?")
            .build();

// ---- verbatim from README.md, "Using the client" (readmeAndThisTest_holdTheSameBlock) ----
// Errors: one unchecked hierarchy, decided by type and retryable()/retryAfter(), never by message.
// After retries and fallbacks it is the last attempt's own exception: see "When a call fails".
String answer;
try {
  answer = ai.chat(request).text();
} catch (RateLimitException e) {    // also e.headers(): the provider's x-ratelimit-* headers
  answer = e.quotaExceeded() ? "out of quota"
      : "busy, retry in " + e.retryAfter().orElse(Duration.ofSeconds(1)).toSeconds() + " s";
} catch (ContextLengthExceededException | ContentFilteredException e) {
  answer = "cannot answer that";
} catch (VectorNodeException e) {
  answer = e.retryable() ? "try again later" : "failed: " + e.getMessage();
}
// ---- end of the README's block ----

        assertThat(answer).isEqualTo("busy, retry in 2 s");
      }
      assertThat(server.requestCount()).isEqualTo(3); // the default 3 attempts were made
      assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
  }

  /** The block above is the README's, line for line: a change to either fails here. */
  @Test
  void readmeAndThisTest_holdTheSameBlock() throws IOException {
    String readme = read(Path.of("..", "README.md"));
    int from = readme.indexOf(BLOCK_START);
    assertThat(from).as("README.md has the error-handling example").isPositive();
    String block = readme.substring(from, readme.indexOf("\n```", from) + 1);
    assertThat(block).contains("catch (RateLimitException e)");
    String self = read(Path.of("src", "test", "java", "io", "vectornode", "examples",
        "ReadmeErrorHandlingTest.java"));
    assertThat(self).contains("\n" + block + "// ---- end of the README's block ----\n");
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
