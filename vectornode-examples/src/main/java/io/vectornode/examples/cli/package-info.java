/**
 * The {@code vectornode} command line: a guided tour, one-shot chat, provider listing, usage
 * totals, config checks and a fleet's shared state.
 */
@NullMarked
package io.vectornode.examples.cli;

import org.jspecify.annotations.NullMarked;
