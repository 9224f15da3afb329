-- VectorNode usage ledger: schema version 1 (PostgreSQL 9.5 or later; tested on 14).
--
-- VectorNode (vectornode-jdbc, JdbcLedger) applies this file itself on first use: in one
-- transaction, under a transaction-level advisory lock, only when "vectornode_schema" says the
-- tables are older than version 1. Every statement is idempotent (IF NOT EXISTS), so applying it
-- twice, or by hand first, is harmless. A DBA who would rather not let the application run DDL
-- applies it by hand; the application's user then needs only SELECT on "vectornode_schema" and
-- SELECT and INSERT on the two tables.
--
-- With another table name (ledger.jdbc.table: billing.ai_calls), VectorNode replaces
-- "vectornode_calls" by that name, "vectornode_attempts" by the name with its "_calls" ending
-- replaced by "_attempts" (or "_attempts" appended), "vectornode_schema" by "vectornode_schema"
-- in the same schema, and the index names' "vectornode_calls"/"vectornode_attempts" by the
-- table names without their schema.

CREATE TABLE IF NOT EXISTS "vectornode_schema" (
  table_name  text PRIMARY KEY,                  -- the calls table this version applies to
  version     integer NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per logical call: what a JSONL ledger line holds.
CREATE TABLE IF NOT EXISTS "vectornode_calls" (
  request_id           text PRIMARY KEY,         -- VectorNode's id of the call; idempotency key
  ts                   timestamptz NOT NULL,     -- when the call ended
  task                 text,                     -- ChatRequest.task, or NULL
  tags                 jsonb NOT NULL DEFAULT '{}'::jsonb, -- ChatRequest.tags: team, feature...
  provider             text,                     -- of the final attempt; NULL when none was made
  model                text,                     -- of the final attempt
  deployment           text,                     -- of the final attempt
  key_id               text,                     -- of the final attempt: key-xxxxxxxx, never a key
  outcome              text NOT NULL,            -- SUCCESS, FAILURE or CANCELLED
  error                text,                     -- the error's class name, or NULL
  input_tokens         bigint NOT NULL,          -- all prompt tokens, cached ones included
  output_tokens        bigint NOT NULL,          -- all generated tokens, reasoning included
  cached_input_tokens  bigint NOT NULL,          -- of input_tokens: read from the cache
  cache_write_tokens   bigint NOT NULL,          -- of input_tokens: written to the cache
  reasoning_tokens     bigint NOT NULL,          -- of output_tokens: reasoning
  cost_usd             numeric,                  -- over all attempts; NULL when unknown
  cost_known           boolean NOT NULL,         -- false: some attempt's model had no price
  cost_estimated       boolean NOT NULL,         -- priced from estimated tokens
  catalog_version      text,                     -- the price catalog that priced it
  latency_ms           bigint NOT NULL,
  ttft_ms              bigint,                   -- time to first token, or NULL
  attempts             integer NOT NULL,         -- how many attempts the call made
  recorded_at          timestamptz NOT NULL DEFAULT now() -- when the row reached the database
);

-- One row per attempt (retries, fallbacks, hedges) of a call in "vectornode_calls".
CREATE TABLE IF NOT EXISTS "vectornode_attempts" (
  request_id           text NOT NULL REFERENCES "vectornode_calls" (request_id) ON DELETE CASCADE,
  n                    integer NOT NULL,         -- 1, 2, ... within the call
  ts                   timestamptz NOT NULL,     -- the call's ts (for time ranges without a join)
  deployment           text,
  provider             text,
  model                text,
  key_id               text,
  outcome              text NOT NULL,
  error                text,
  reason               text,                     -- why the router moved on: retry, fallback...
  local_state          boolean NOT NULL,         -- admitted by the instance's own limits
  latency_ms           bigint NOT NULL,
  ttft_ms              bigint,
  input_tokens         bigint NOT NULL,
  output_tokens        bigint NOT NULL,
  cached_input_tokens  bigint NOT NULL,
  cache_write_tokens   bigint NOT NULL,
  reasoning_tokens     bigint NOT NULL,
  cost_usd             numeric,
  cost_known           boolean NOT NULL,
  cost_estimated       boolean NOT NULL,
  catalog_version      text,
  PRIMARY KEY (request_id, n)
);

-- For the reports: a period; a tag's calls (tags @> '{"team":"search"}'); per deployment and per
-- model over time; attempts (errors, fallbacks, latency) per deployment over time.
CREATE INDEX IF NOT EXISTS "vectornode_calls_ts_idx" ON "vectornode_calls" (ts);
CREATE INDEX IF NOT EXISTS "vectornode_calls_tags_idx" ON "vectornode_calls" USING gin (tags jsonb_path_ops);
CREATE INDEX IF NOT EXISTS "vectornode_calls_deployment_ts_idx" ON "vectornode_calls" (deployment, ts);
CREATE INDEX IF NOT EXISTS "vectornode_calls_model_ts_idx" ON "vectornode_calls" (model, ts);
CREATE INDEX IF NOT EXISTS "vectornode_attempts_deployment_ts_idx" ON "vectornode_attempts" (deployment, ts);

INSERT INTO "vectornode_schema" (table_name, version) VALUES ('vectornode_calls', 1)
  ON CONFLICT (table_name) DO UPDATE SET version = 1, applied_at = now()
  WHERE "vectornode_schema".version < 1;
