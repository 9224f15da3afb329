/**
 * The router and {@code VectorNode}, the model catalog and cost, budgets, usage, and config
 * files. jtokkit is optional: budgets count OpenAI tokens exactly only when it is present.
 */
module io.vectornode.routing {
  requires transitive io.vectornode.api;
  requires static org.jspecify;
  requires static jtokkit;
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

  // Jackson writes catalog prices and usage rows by reflection.
  opens io.vectornode.catalog to com.fasterxml.jackson.databind;
  opens io.vectornode.usage to com.fasterxml.jackson.databind;

  uses io.vectornode.routing.ConfigReader;
  uses io.vectornode.spi.SecretResolver;

  provides io.vectornode.routing.ConfigReader with io.vectornode.config.YamlConfigReader;
}
