package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config's {@code state} block where no module provides the store (this module's tests have
 * no vectornode-redis on their class path): the error says which module to add, and does not
 * show the block's URI.
 */
class ConfigStateTest {
  static final String CANARY = "canary-state-7b3e9f1a5c2d8e40";

  @TempDir Path dir;

  @Test
  void stateRedis_withoutTheRedisModule_saysWhichModuleToAdd() throws IOException {
    Path file = dir.resolve("f.yaml");
    Files.writeString(file, """
        providers:
          local: {type: fake}
        state:
          redis: {uri: 'redis://:%s@127.0.0.1:6379/0'}
        """.formatted(CANARY));
    Throwable t = catchThrowable(() -> VectorNode.fromConfig(file, Map.<String, String>of()::get)
        .close());
    assertThat(t).isExactlyInstanceOf(ConfigurationException.class)
        .hasMessage(file + ":4:3: state.redis: no module on the classpath provides a 'redis'"
            + " store (add io.vectornode:vectornode-redis); provided: []")
        .hasNoCause();
    assertThat(t.toString()).doesNotContain(CANARY);
  }
}
