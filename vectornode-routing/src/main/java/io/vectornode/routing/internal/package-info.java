/** Routing internals. Not API: public only for use across VectorNode's packages. */
@NullMarked
package io.vectornode.routing.internal;

import org.jspecify.annotations.NullMarked;
