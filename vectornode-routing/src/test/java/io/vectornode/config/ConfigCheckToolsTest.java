package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.routing.DeploymentLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ConfigCheck} shows tools beyond the client: deployment limits, shared state. */
class ConfigCheckToolsTest {
  @TempDir Path dir;

  @Test
  void deploymentLimits_areTheModelsBlocks_byName_andNoStateBlockMeansNoSharedState()
      throws IOException {
    Path f = dir.resolve("vn.yaml");
    Files.writeString(f, """
        providers:
          openai: {apiKey: sk-config-check-0123456789}
        models:
          smart: {provider: openai, model: gpt-4o}
          fast: {provider: openai, model: gpt-4o-mini, limits: {rpm: 500, tpm: 200000,
                 maxConcurrent: 8}}
        """);
    try (ConfigCheck check = ConfigCheck.of(f, Map.<String, String>of()::get)) {
      assertThat(check.deploymentLimits()).containsExactly(
          Map.entry("fast", new DeploymentLimits(500, 200_000, 8)),
          Map.entry("smart", DeploymentLimits.NONE));
      assertThat(check.sharedState()).isEmpty();
    }
  }
}
