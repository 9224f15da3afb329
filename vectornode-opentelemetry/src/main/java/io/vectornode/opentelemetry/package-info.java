/**
 * OpenTelemetry for VectorNode: {@link io.vectornode.opentelemetry.VectorNodeTracing}, a
 * listener that makes a span of every call and a child span of every attempt, and sends the
 * attempt's trace context to the provider.
 */
@NullMarked
package io.vectornode.opentelemetry;

import org.jspecify.annotations.NullMarked;
