package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.testing.EmbeddingStubs;
import io.vectornode.testing.ProviderStubServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the SemanticSearch example against an OpenAI stub: no key, no network. */
class SemanticSearchTest {

  @Test
  void search_findsTheDocumentWhoseVectorIsClosest_andPrintsTheCost() {
    try (ProviderStubServer server = ProviderStubServer.start();
        ModelClient ai = VectorNode.builder().provider(ProviderConfig.builder("openai")
            .apiKey("sk-example-0123456789").baseUrl(server.baseUrl()).build()).build()) {
      List<float[]> docs = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0},
          new float[] {0, 0, 1}, new float[] {1, 1, 0});
      server.enqueue(EmbeddingStubs.openAi(docs, 60, true));
      server.enqueue(EmbeddingStubs.openAi(List.of(new float[] {0.1f, 0.05f, 0.9f}), 9, true));
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int best = SemanticSearch.search(ai, "openai/text-embedding-3-small",
          SemanticSearch.DOCUMENTS, "How do I keep a runaway bill in check?",
          new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(best).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("closest: \"Budgets reserve")
          .contains("4 vectors of 3 dimensions, 69 tokens")
          .contains("cost $0.00000138");
      assertThat(EmbeddingStubs.openAiInputs(server.takeRequest()))
          .isEqualTo(SemanticSearch.DOCUMENTS);
    }
  }
}
