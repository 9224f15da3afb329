/**
 * The usage ledger in PostgreSQL: {@link io.vectornode.jdbc.JdbcLedger}, a listener that writes
 * every call and its attempts to two tables, exactly once (idempotent on the request id), off the
 * call path, with a local spool (JSONL segments) that keeps records while the database is slow
 * or down and replays them when it answers. {@link io.vectornode.jdbc.JdbcLedgerFactory} creates
 * one from a config's {@code ledger.jdbc} block. The DDL is {@code
 * io/vectornode/jdbc/schema/V1.sql} and {@code V2.sql} (applied in order) in this jar.
 */
@NullMarked
package io.vectornode.jdbc;

import org.jspecify.annotations.NullMarked;
