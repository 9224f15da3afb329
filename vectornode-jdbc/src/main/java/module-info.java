/** State kept in a relational database over JDBC (PostgreSQL first). */
module io.vectornode.jdbc {
  requires transitive io.vectornode.routing;
  requires static org.jspecify;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  // No `requires org.postgresql.jdbc` yet: pgJDBC is an automatic module (javac warns on a
  // requires of one) and is reached through java.sql's Driver service until code names its classes.

  // exports io.vectornode.jdbc once it holds a class: javac refuses to export a package that
  // has only a package-info.java ("package is empty or does not exist").
}
