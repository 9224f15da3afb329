/** The {@code vectornode} command line: a guided tour, one-shot chat, provider listing. */
@NullMarked
package io.vectornode.examples.cli;

import org.jspecify.annotations.NullMarked;
