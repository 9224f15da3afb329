#!/usr/bin/env python3
"""Regenerates the bundled model catalog from LiteLLM's price and context-window catalogue.

Usage: tools/generate-catalog.py PATH/TO/model_prices_and_context_window.json

Writes vectornode-routing/src/main/resources/io/vectornode/catalog/catalog.json (prices per
million tokens) and, for the test that checks the bundled catalog against its source, the
matching LiteLLM rows to vectornode-routing/src/test/resources/litellm-reference-subset.json.
The build never runs this script; it only keeps the two files honest.
"""
import json, sys, decimal, os

# (provider type, model id, LiteLLM key, aliases)
MODELS = [
  ("openai", "gpt-4o", "gpt-4o", []),
  ("openai", "gpt-4o-mini", "gpt-4o-mini", []),
  ("openai", "gpt-4.1", "gpt-4.1", []),
  ("openai", "gpt-4.1-mini", "gpt-4.1-mini", []),
  ("openai", "gpt-4.1-nano", "gpt-4.1-nano", []),
  ("openai", "o3", "o3", []),
  ("openai", "o3-mini", "o3-mini", []),
  ("openai", "o4-mini", "o4-mini", []),
  ("openai", "gpt-5", "gpt-5", []),
  ("openai", "gpt-5-mini", "gpt-5-mini", []),
  ("openai", "gpt-5-nano", "gpt-5-nano", []),
  ("anthropic", "claude-opus-4-5", "claude-opus-4-5", ["claude-opus-4-5-20251101"]),
  ("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5", ["claude-sonnet-4-5-20250929"]),
  ("anthropic", "claude-haiku-4-5", "claude-haiku-4-5", ["claude-haiku-4-5-20251001"]),
  ("anthropic", "claude-opus-4-1", "claude-opus-4-1", ["claude-opus-4-1-20250805"]),
  ("anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4-20250514", ["claude-sonnet-4-0"]),
  ("gemini", "gemini-3-pro-preview", "gemini/gemini-3-pro-preview", []),
  ("gemini", "gemini-2.5-pro", "gemini/gemini-2.5-pro", []),
  ("gemini", "gemini-2.5-flash", "gemini/gemini-2.5-flash", []),
  ("gemini", "gemini-2.5-flash-lite", "gemini/gemini-2.5-flash-lite", []),
  ("gemini", "gemini-2.0-flash", "gemini/gemini-2.0-flash", []),
  ("groq", "llama-3.3-70b-versatile", "groq/llama-3.3-70b-versatile", []),
  ("groq", "llama-3.1-8b-instant", "groq/llama-3.1-8b-instant", []),
  ("mistral", "mistral-large-latest", "mistral/mistral-large-latest", []),
  ("mistral", "mistral-small-latest", "mistral/mistral-small-latest", []),
  ("deepseek", "deepseek-chat", "deepseek/deepseek-chat", []),
  ("deepseek", "deepseek-reasoner", "deepseek/deepseek-reasoner", []),
  ("xai", "grok-4", "xai/grok-4", []),
  ("xai", "grok-3-mini", "xai/grok-3-mini", []),
  # Embedding models (mode "embedding"): input price only, no output, contextWindow per input.
  ("openai", "text-embedding-3-small", "text-embedding-3-small", []),
  ("openai", "text-embedding-3-large", "text-embedding-3-large", []),
  ("openai", "text-embedding-ada-002", "text-embedding-ada-002", []),
  ("gemini", "gemini-embedding-001", "gemini/gemini-embedding-001", []),
  ("gemini", "text-embedding-004", "text-embedding-004", []),
  ("mistral", "mistral-embed", "mistral/mistral-embed", []),
  ("together", "BAAI/bge-base-en-v1.5", "together_ai/BAAI/bge-base-en-v1.5", []),
  ("fireworks", "nomic-ai/nomic-embed-text-v1.5",
   "fireworks_ai/nomic-ai/nomic-embed-text-v1.5", []),
  # Amazon Bedrock (Converse): base ids, and the us./global. cross-region inference profiles.
  ("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
   "us.anthropic.claude-3-5-sonnet-20241022-v2:0", []),
  ("bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0",
   "us.anthropic.claude-3-5-haiku-20241022-v1:0", []),
  ("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
   "us.anthropic.claude-3-7-sonnet-20250219-v1:0", []),
  ("bedrock", "anthropic.claude-sonnet-4-20250514-v1:0",
   "anthropic.claude-sonnet-4-20250514-v1:0", []),
  ("bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0",
   "us.anthropic.claude-sonnet-4-20250514-v1:0", []),
  ("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0",
   "anthropic.claude-sonnet-4-5-20250929-v1:0", []),
  ("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
   "us.anthropic.claude-sonnet-4-5-20250929-v1:0", []),
  ("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
   "global.anthropic.claude-sonnet-4-5-20250929-v1:0", []),
  ("bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0",
   "anthropic.claude-haiku-4-5-20251001-v1:0", []),
  ("bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
   "us.anthropic.claude-haiku-4-5-20251001-v1:0", []),
  ("bedrock", "anthropic.claude-opus-4-1-20250805-v1:0",
   "anthropic.claude-opus-4-1-20250805-v1:0", []),
  ("bedrock", "us.anthropic.claude-opus-4-1-20250805-v1:0",
   "us.anthropic.claude-opus-4-1-20250805-v1:0", []),
  ("bedrock", "meta.llama3-3-70b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0", []),
  ("bedrock", "us.meta.llama3-3-70b-instruct-v1:0", "us.meta.llama3-3-70b-instruct-v1:0", []),
  ("bedrock", "us.meta.llama3-1-8b-instruct-v1:0", "us.meta.llama3-1-8b-instruct-v1:0", []),
  ("bedrock", "us.meta.llama4-maverick-17b-instruct-v1:0",
   "us.meta.llama4-maverick-17b-instruct-v1:0", []),
  ("bedrock", "mistral.mistral-large-2407-v1:0", "mistral.mistral-large-2407-v1:0", []),
  ("bedrock", "amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0", []),
  ("bedrock", "amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0", []),
  ("bedrock", "amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0", []),
  ("bedrock", "us.amazon.nova-micro-v1:0", "us.amazon.nova-micro-v1:0", []),
  ("bedrock", "us.amazon.nova-lite-v1:0", "us.amazon.nova-lite-v1:0", []),
  ("bedrock", "us.amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0", []),
  ("bedrock", "us.amazon.nova-premier-v1:0", "us.amazon.nova-premier-v1:0", []),
]
VERSION = "litellm-2026-07-24"

def per_million(v):
    if v is None:
        return None
    d = (decimal.Decimal(repr(float(v))) * 1000000).normalize()
    return format(d, "f")

def main(src):
    data = json.load(open(src))
    out, subset = [], {}
    for provider, model, key, aliases in MODELS:
        row = data[key]
        subset[key] = row
        caps = [c for c, f in (("vision", "supports_vision"), ("tools", "supports_function_calling"),
                               ("json_schema", "supports_response_schema"),
                               ("reasoning", "supports_reasoning")) if row.get(f)]
        embedding = row.get("mode") == "embedding"
        prices = {"input": per_million(row["input_cost_per_token"]),
                  # An embedding makes no output tokens: a missing output price is $0.
                  "output": per_million(row.get("output_cost_per_token") or 0)
                  if embedding else per_million(row["output_cost_per_token"])}
        for name, field in (("cachedInput", "cache_read_input_token_cost"),
                            ("cacheWrite", "cache_creation_input_token_cost"),
                            ("reasoning", "output_cost_per_reasoning_token")):
            if row.get(field) is not None:
                prices[name] = per_million(row[field])
        entry = {"provider": provider, "model": model, "aliases": aliases, "source": key,
                 "contextWindow": int(row["max_input_tokens"]),
                 "maxOutputTokens": None if embedding else int(row["max_output_tokens"]), "capabilities": caps}
        # OpenAI's reasoning models prefer the Responses API (the openai provider's api: auto
        # sends them there; CatalogApiTest in the examples checks the two agree).
        if provider == "openai" and "reasoning" in caps:
            entry["api"] = "responses"
        entry["prices"] = prices
        out.append(entry)
    root = os.path.join(os.path.dirname(__file__), "..", "vectornode-routing", "src")
    with open(os.path.join(root, "main/resources/io/vectornode/catalog/catalog.json"), "w") as f:
        json.dump({"version": VERSION, "source": "LiteLLM model_prices_and_context_window.json"
                   " (MIT), prices in USD per million tokens", "models": out}, f, indent=1)
        f.write("\n")
    with open(os.path.join(root, "test/resources/litellm-reference-subset.json"), "w") as f:
        json.dump({"_source": "BerriAI/litellm model_prices_and_context_window.json (MIT), "
                   "mirror of 2026-07-24; only the rows of the models VectorNode ships",
                   "rows": subset}, f, indent=1, sort_keys=True)
        f.write("\n")

if __name__ == "__main__":
    main(sys.argv[1])
