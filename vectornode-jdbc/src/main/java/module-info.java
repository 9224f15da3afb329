/**
 * The usage ledger in PostgreSQL ({@code JdbcLedger}): every call and its attempts as rows,
 * exactly once, with a local spool while the database is unavailable; {@code ledger: {jdbc: ...}}
 * in a config, found through {@code UsageSinkFactory}; and read back ({@code vectornode usage
 * --jdbc}, {@code vectornode report --jdbc}) through {@code LedgerSourceFactory}.
 */
module io.vectornode.jdbc {
  requires transitive io.vectornode.routing;
  requires static org.jspecify;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;
  // No `requires org.postgresql.jdbc`: pgJDBC is an automatic module (javac warns on a requires
  // of one) and is reached through java.sql's Driver service; no code here names its classes.

  exports io.vectornode.jdbc;

  provides io.vectornode.usage.UsageSinkFactory with io.vectornode.jdbc.JdbcLedgerFactory;
  provides io.vectornode.usage.LedgerSourceFactory
      with io.vectornode.jdbc.JdbcLedgerSourceFactory;
}
