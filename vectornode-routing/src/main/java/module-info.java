/**
 * The router and {@code VectorNode}, the model catalog and cost, budgets, usage, and config
 * files. Budgets count tokens exactly near a limit when a {@code TokenCounter} is present
 * ({@code io.vectornode.jtokkit}).
 */
module io.vectornode.routing {
  requires transitive io.vectornode.api;
  requires static org.jspecify;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires io.github.resilience4j.bulkhead;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  requires org.slf4j;
  requires org.yaml.snakeyaml;

  exports io.vectornode.routing;
  exports io.vectornode.catalog;
  exports io.vectornode.budget;
  exports io.vectornode.usage;
  exports io.vectornode.config;
  exports io.vectornode.state;
  exports io.vectornode.structured;
  exports io.vectornode.tools;

  // Jackson writes catalog prices and usage rows by reflection.
  opens io.vectornode.catalog to com.fasterxml.jackson.databind;
  opens io.vectornode.usage to com.fasterxml.jackson.databind;

  uses io.vectornode.routing.ConfigReader;
  uses io.vectornode.spi.SecretResolver;
  uses io.vectornode.spi.TokenCounter;
  uses io.vectornode.state.SharedStateFactory;
  uses io.vectornode.usage.LedgerSourceFactory;
  uses io.vectornode.usage.UsageSinkFactory;

  provides io.vectornode.routing.ConfigReader with io.vectornode.config.YamlConfigReader;
}
