/**
 * Test fixtures for VectorNode and for applications that use it: a stub server that speaks the
 * providers' wire formats with scripted replies and faults, an in-process {@code fake} provider,
 * a recording listener, and log capture. Use them in tests; never in production code.
 */
@NullMarked
package io.vectornode.testing;

import org.jspecify.annotations.NullMarked;
