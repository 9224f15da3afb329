package io.vectornode.catalog;

/** What a model can do, for routing requests only to deployments that can serve them. */
public enum Capability {
  /** Image input. */
  VISION,
  /** Tool (function) calling. */
  TOOLS,
  /** JSON-schema constrained output. */
  JSON_SCHEMA,
  /** Extended reasoning. */
  REASONING
}
