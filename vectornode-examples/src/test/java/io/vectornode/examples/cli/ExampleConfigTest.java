package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.routing.Route;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example config shipped with the project must stay valid. */
class ExampleConfigTest {
  @org.junit.jupiter.api.io.TempDir Path dir;

  @Test
  void exampleConfig_loadsAndNamesItsModels() throws java.io.IOException {
    // Loaded from a copy, so that its ledger directory lives in a temp dir. The two keys are all
    // it needs: the README's command runs it with nothing else.
    Path copy = dir.resolve("vectornode.yaml");
    java.nio.file.Files.copy(Path.of("config/vectornode.example.yaml"), copy);
    try (VectorNodeClient client = VectorNode.fromConfig(copy,
        Map.of("OPENAI_API_KEY", "sk-example-123456", "ANTHROPIC_API_KEY",
            "sk-ant-example-123456")::get)) {
      assertThat(client.providers()).containsExactly("anthropic", "local", "openai");
      assertThat(client.deployments()).extracting(d -> d.name())
          .containsExactly("fast", "local", "smart");
      assertThat(client.routes()).extracting(Route::name)
          .containsExactly("chat", "default", "reasoning");
      assertThat(java.nio.file.Files.isDirectory(dir.resolve("usage"))).isTrue();
    }
  }
}
