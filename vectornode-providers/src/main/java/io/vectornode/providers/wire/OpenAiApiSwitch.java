package io.vectornode.providers.wire;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.spi.ProviderConfig;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code openai} client when the Responses API is on ({@code options.api: responses} or
 * {@code auto}): sends each call to Chat Completions or to the Responses API, one HTTP request
 * either way. Immutable and thread-safe.
 */
final class OpenAiApiSwitch implements ModelClient {
  private final ModelClient chat;
  private final ModelClient responses;
  private final ResponsesSettings.Api api;
  private final ProviderConfig config;

  OpenAiApiSwitch(ModelClient chat, ModelClient responses, ResponsesSettings.Api api,
      ProviderConfig config) {
    this.chat = chat;
    this.responses = responses;
    this.api = api;
    this.config = config;
  }

  /**
   * The client for a request: {@code responses} always uses the Responses API; {@code auto}
   * uses it for the models that prefer it unless the request sets stop sequences or a seed,
   * which only Chat Completions accepts.
   */
  ModelClient pick(ChatRequest request) {
    if (api == ResponsesSettings.Api.RESPONSES) {
      return responses;
    }
    boolean chatOnly = !request.stop().isEmpty() || request.seed().isPresent();
    return !chatOnly && OpenAiModels.prefersResponses(config.modelFor(request))
        ? responses : chat;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return pick(request).chat(request);
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    ModelClient c;
    try {
      c = pick(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return c.chatAsync(request);
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    return pick(request).stream(request);
  }

  /** Embeddings are the same {@code /embeddings} endpoint whichever chat API is on. */
  @Override
  public io.vectornode.EmbeddingResponse embed(io.vectornode.EmbeddingRequest request) {
    return chat.embed(request);
  }

  @Override
  public int maxEmbeddingInputs() {
    return chat.maxEmbeddingInputs();
  }

  @Override
  public long maxEmbeddingTokens() {
    return chat.maxEmbeddingTokens();
  }

  @Override
  public void close() {
    chat.close();
    responses.close();
  }

  @Override
  public String toString() {
    return "OpenAiApiSwitch[" + config.name() + ", api=" + api + "]";
  }
}
