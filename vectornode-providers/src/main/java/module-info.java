/**
 * The built-in providers, each a {@link io.vectornode.spi.ModelProvider}; the vendor presets
 * (Groq, Mistral, Azure OpenAI, ...) come with {@code openai-compatible} through its {@code
 * presets()}. Their shared wire code ({@code io.vectornode.providers.wire}) is not exported.
 */
module io.vectornode.providers {
  requires transitive io.vectornode.api;
  requires static org.jspecify;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires okhttp3;
  requires okio;
  requires org.slf4j;

  exports io.vectornode.providers.openai;
  exports io.vectornode.providers.openaicompatible;
  exports io.vectornode.providers.anthropic;
  exports io.vectornode.providers.gemini;
  exports io.vectornode.providers.vertex;
  exports io.vectornode.providers.bedrock;

  uses io.vectornode.providers.bedrock.AwsCredentialsSourceFactory;

  provides io.vectornode.spi.ModelProvider with
      io.vectornode.providers.openai.OpenAiProvider,
      io.vectornode.providers.openaicompatible.OpenAiCompatibleProvider,
      io.vectornode.providers.anthropic.AnthropicProvider,
      io.vectornode.providers.gemini.GeminiProvider,
      io.vectornode.providers.vertex.VertexAiProvider,
      io.vectornode.providers.bedrock.BedrockProvider;
}
