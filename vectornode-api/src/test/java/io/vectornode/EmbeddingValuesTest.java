package io.vectornode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.UnsupportedFeatureException;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EmbeddingValuesTest {

  private static EmbeddingResponse of(float[]... vectors) {
    return EmbeddingResponse.of("p", "m", List.of(vectors), Usage.of(vectors.length, 0), false,
        Duration.ofMillis(3));
  }

  @Test
  void request_build_copiesTheInputs_andRejectsBadValuesNamingTheField() {
    List<String> in = new ArrayList<>(List.of("a", "b"));
    EmbeddingRequest r = EmbeddingRequest.builder().model("openai/text-embedding-3-small")
        .inputs(in).dimensions(256).tag("team", "search").timeout(Duration.ofSeconds(5))
        .build();
    in.add("c");
    assertThat(r.inputs()).containsExactly("a", "b");
    assertThatThrownBy(() -> r.inputs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.dimensions()).hasValue(256);
    assertThat(r.toBuilder().build().inputs()).containsExactly("a", "b");

    assertThatThrownBy(() -> EmbeddingRequest.builder().build())
        .hasMessage("inputs: must not be empty, was []");
    assertThatThrownBy(() -> EmbeddingRequest.builder().input("a").input("").build())
        .hasMessage("inputs[1]: must not be empty");
    assertThatThrownBy(() -> EmbeddingRequest.builder().dimensions(0))
        .hasMessage("dimensions: must be positive, was 0");
    assertThatThrownBy(() -> EmbeddingRequest.builder().input("a").model(" ").build())
        .hasMessageContaining("model");
    assertThatThrownBy(() -> EmbeddingRequest.builder().input("a")
        .timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
  }

  @Test
  void request_toString_showsCountsNeverTheTexts() {
    EmbeddingRequest r = EmbeddingRequest.builder().model("m").input("secret diagnosis")
        .build();
    assertThat(r.toString()).contains("inputs=1").doesNotContain("diagnosis");
  }

  @Test
  void request_withInputsAndWithTarget_keepTheRest() {
    EmbeddingRequest r = EmbeddingRequest.builder().model("route").task("t")
        .inputs(List.of("a", "b", "c")).dimensions(8).tag("k", "v").build();
    EmbeddingRequest part = r.withInputs(r.inputs().subList(1, 3))
        .withTarget("text-embedding-3-small", Duration.ofSeconds(2));
    assertThat(part.inputs()).containsExactly("b", "c");
    assertThat(part.model()).hasValue("text-embedding-3-small");
    assertThat(part.task()).hasValue("t");
    assertThat(part.dimensions()).hasValue(8);
    assertThat(part.tags()).containsEntry("k", "v");
    assertThat(part.timeout()).hasValue(Duration.ofSeconds(2));
    assertThatThrownBy(() -> r.withInputs(List.of()))
        .hasMessage("inputs: must not be empty, was []");
  }

  @Test
  void response_vectorsAreCopiesOrReadOnlyViews_inputOrder() {
    float[] first = {1, 2, 3};
    EmbeddingResponse r = of(first, new float[] {4, 5, 6});
    first[0] = 99; // the caller's array is not the response's
    assertThat(r.vector(0)).containsExactly(1, 2, 3);
    r.vector(1)[0] = 42;
    assertThat(r.vector(1)).containsExactly(4, 5, 6);
    FloatBuffer view = r.buffer(1);
    assertThat(view.remaining()).isEqualTo(3);
    assertThat(view.get(0)).isEqualTo(4);
    assertThatThrownBy(() -> view.put(0, 1f)).isInstanceOf(ReadOnlyBufferException.class);
    float[] dst = new float[5];
    r.copyTo(0, dst, 2);
    assertThat(dst).containsExactly(0, 0, 1, 2, 3);
    assertThat(r.size()).isEqualTo(2);
    assertThat(r.dimensions()).isEqualTo(3);
    assertThatThrownBy(() -> r.vector(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(r.toString()).contains("size=2").doesNotContain("4.0");
  }

  @Test
  void response_of_rejectsVectorsOfDifferentLengths() {
    assertThatThrownBy(() -> of(new float[] {1}, new float[] {1, 2}))
        .hasMessage("vectors[1]: has 2 dimensions, vectors[0] has 1");
    assertThatThrownBy(() -> of()).hasMessage("vectors: must not be empty");
  }

  @Test
  void response_join_keepsOrder_sumsUsage_andRefusesMixedModels() {
    EmbeddingResponse a = of(new float[] {1, 1}, new float[] {2, 2});
    EmbeddingResponse b = EmbeddingResponse.of("p", "m", List.of(new float[] {3, 3}),
        Usage.of(5, 0), true, Duration.ofMillis(4));
    EmbeddingResponse j = EmbeddingResponse.join(List.of(a, b));
    assertThat(j.size()).isEqualTo(3);
    assertThat(j.vector(2)).containsExactly(3, 3);
    assertThat(j.usage()).isEqualTo(Usage.of(7, 0));
    assertThat(j.usageEstimated()).isTrue();
    assertThat(j.latency()).isEqualTo(Duration.ofMillis(7));
    EmbeddingResponse other = EmbeddingResponse.of("p", "other", List.of(new float[] {3, 3}),
        Usage.ZERO, false, Duration.ZERO);
    assertThatThrownBy(() -> EmbeddingResponse.join(List.of(a, other)))
        .hasMessageContaining("model 'other'");
  }

  @Test
  void modelClient_withoutEmbeddings_refusesWithATypedErrorNamingTheClient() {
    ModelClient chatOnly = new ModelClient() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new AssertionError();
      }

      @Override
      public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        throw new AssertionError();
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        throw new AssertionError();
      }

      @Override
      public void close() {}
    };
    assertThat(chatOnly.maxEmbeddingInputs()).isZero();
    assertThatThrownBy(() -> chatOnly.embed(EmbeddingRequest.builder().input("a").build()))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining(getClass().getName())
        .hasMessageContaining("embeddings not supported");
  }

  @Test
  void events_withoutAnOperation_areChat() {
    CallStartEvent start = new CallStartEvent("vn-1", null, "m", Map.of(), false, Instant.EPOCH);
    CallEndEvent end = new CallEndEvent("vn-1", null, Map.of(), null, null, Usage.ZERO,
        Cost.unknown(), Duration.ZERO, null, List.of(), CallOutcome.SUCCESS, null);
    assertThat(start.operation()).isEqualTo(Operation.CHAT);
    assertThat(end.operation()).isEqualTo(Operation.CHAT);
    assertThat(end.toString()).doesNotContain("operation");
  }
}
