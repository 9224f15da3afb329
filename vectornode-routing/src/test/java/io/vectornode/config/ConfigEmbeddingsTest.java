package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.testing.EmbeddingStubs;
import io.vectornode.testing.ManualTime;
import io.vectornode.testing.ProviderStubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings through a config file's client (the hot-reloading one): routes and options. */
class ConfigEmbeddingsTest {
  @TempDir Path dir;

  @Test
  void configFile_routeToAnEmbeddingDeployment_withAProviderBatchOption() throws IOException {
    try (ProviderStubServer s = ProviderStubServer.start()) {
      Path f = dir.resolve("vectornode.yaml");
      Files.writeString(f, """
          providers:
            local: { type: openai-compatible, baseUrl: "%s", options: { embeddingInputs: 3 } }
          models:
            emb: { provider: local, model: bge-small }
          routes:
            vectors: { targets: [emb] }
          """.formatted(s.baseUrl()));
      s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(0, 3), 3, false));
      s.enqueue(EmbeddingStubs.openAi(EmbeddingStubs.markers(3, 2), 2, false));
      try (ReloadingClient c = new ReloadingClient(f, List.of(), Map.<String, String>of()::get,
          ManualTime.create(), Duration.ofMillis(500), Duration.ofSeconds(5))) {
        EmbeddingResponse r = c.embed(EmbeddingRequest.builder().task("vectors")
            .inputs(List.of("a", "b", "c", "d", "e")).build());

        assertThat(r.size()).isEqualTo(5);
        assertThat(r.vector(4)).containsExactly(EmbeddingStubs.marker(4));
        assertThat(r.usage().inputTokens()).isEqualTo(5);
        assertThat(EmbeddingStubs.openAiInputs(s.takeRequest())).containsExactly("a", "b", "c");
        assertThat(EmbeddingStubs.openAiInputs(s.takeRequest())).containsExactly("d", "e");
      }
    }
  }
}
