package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.StubReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line prints errors to stderr: a key must not reach them, whether the server echoes
 * it in an error field or the key itself cannot be sent (a non-ASCII character once made OkHttp
 * throw a message quoting the whole key, printed as a stack trace).
 */
class CliLeakTest {
  private static final String KEY = "sk-canary-CLI-6512bd43d9caa6e02c990b0a82652dca";

  @TempDir Path dir;
  private ProviderStubServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(Path config, String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "chat";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
  }

  private Path config(String key) throws IOException {
    Path f = dir.resolve("vn.yaml");
    Files.writeString(f, """
        providers:
          openai:
            apiKey: "%s"
            baseUrl: %s
        """.formatted(key, server.baseUrl()));
    return f;
  }

  private static boolean hasFragment(String text) {
    for (int i = 0; i + 8 <= KEY.length(); i++) {
      if (text.contains(KEY.substring(i, i + 8))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void keyEchoedInTheErrorCodeTypeAndHeaders_neverReachesStderr() throws IOException {
    for (int i = 0; i < 3; i++) {
      server.enqueue(StubReply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
              + KEY + "\",\"type\":\"" + KEY + "\",\"code\":\"" + KEY + "\"}}")
          .header("x-request-id", KEY));
    }
    int status = run(config(KEY), "--model", "openai/gpt-4o-mini", "--json", "hi");
    assertThat(status).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("401");
    assertThat(hasFragment(out.toString(StandardCharsets.UTF_8)
        + err.toString(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void keyWithANonAsciiCharacter_isAConfigErrorNamingThePosition_withoutTheKeyOrAStackTrace()
      throws IOException {
    int status = run(config(KEY.substring(0, 20) + "\u00e9" + KEY.substring(20)), "--model", "openai/gpt-4o-mini", "hi");
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isNotZero();
    assertThat(stderr).contains("apiKey").contains("position 21").doesNotContain("\tat ");
    assertThat(hasFragment(stderr + out.toString(StandardCharsets.UTF_8))).isFalse();
    assertThat(server.requestCount()).isZero();
  }
}
