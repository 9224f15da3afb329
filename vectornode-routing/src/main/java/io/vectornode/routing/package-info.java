/**
 * The VectorNode entry point: {@link io.vectornode.routing.VectorNode} builds one {@link
 * io.vectornode.ModelClient} over every configured provider, from code, a YAML/JSON file, or the
 * environment.
 */
@NullMarked
package io.vectornode.routing;

import org.jspecify.annotations.NullMarked;
