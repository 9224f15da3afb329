package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ModelClient;
import io.vectornode.routing.internal.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example config shipped with the project must stay valid. */
class ExampleConfigTest {
  @Test
  void exampleConfig_loadsAndNamesItsModels() {
    try (ModelClient client = ConfigLoader.load(Path.of("config/vectornode.example.yaml"),
        Map.of("OPENAI_API_KEY", "sk-example-123456", "ANTHROPIC_API_KEY",
            "sk-ant-example-123456")::get).build()) {
      assertThat(client.toString()).contains("providers=[anthropic, local, openai]")
          .contains("models=[fast, local, smart]")
          .contains("routes=[chat, default, reasoning]");
    }
  }
}
