-- VectorNode usage ledger: schema version 2 (PostgreSQL 9.6 or later: ADD COLUMN IF NOT EXISTS).
--
-- Applied after V1.sql, the same way (one transaction, under the advisory lock, only when
-- "vectornode_schema" says the tables are older than version 2; idempotent). Two columns that
-- the JSONL ledger line has had since this version: what kind of call a row is, and whether the
-- response cache answered it. Rows written before keep the defaults, which are what they were.

ALTER TABLE "vectornode_calls"
  ADD COLUMN IF NOT EXISTS operation text NOT NULL DEFAULT 'chat';   -- chat or embedding
ALTER TABLE "vectornode_calls"
  ADD COLUMN IF NOT EXISTS cache_hit boolean NOT NULL DEFAULT false; -- answered by the response cache ($0, no attempt)

INSERT INTO "vectornode_schema" (table_name, version) VALUES ('vectornode_calls', 2)
  ON CONFLICT (table_name) DO UPDATE SET version = 2, applied_at = now()
  WHERE "vectornode_schema".version < 2;
