/**
 * State kept in a relational database over JDBC (PostgreSQL first, through pgJDBC and a HikariCP
 * pool). Nothing here yet: the module holds the dependencies and the test server for the usage
 * ledger to come.
 */
@NullMarked
package io.vectornode.jdbc;

import org.jspecify.annotations.NullMarked;
