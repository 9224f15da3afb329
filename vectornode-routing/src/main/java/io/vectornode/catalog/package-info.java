/**
 * The model catalog: what each model can do (context window, output cap, capabilities) and costs per million tokens, and how a call's cost is computed from its usage ({@link io.vectornode.catalog.Costs}).
 */
@NullMarked
package io.vectornode.catalog;

import org.jspecify.annotations.NullMarked;
