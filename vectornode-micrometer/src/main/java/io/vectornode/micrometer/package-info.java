/**
 * Micrometer for VectorNode: {@link io.vectornode.micrometer.VectorNodeMetrics}, a listener that
 * records calls, attempts, tokens, cost, retries, fallbacks, hedges and budgets as meters, and
 * one {@link io.micrometer.observation.Observation} per call.
 */
@NullMarked
package io.vectornode.micrometer;

import org.jspecify.annotations.NullMarked;
