/**
 * Usage: the in-process meter ({@link io.vectornode.usage.UsageMeter}), the JSON Lines ledger ({@link io.vectornode.usage.UsageLedger}) and its reader.
 * A ledger line is a {@link io.vectornode.usage.LedgerRecord}; other sinks (a database) plug in
 * through {@link io.vectornode.usage.UsageSinkFactory}.
 */
@NullMarked
package io.vectornode.usage;

import org.jspecify.annotations.NullMarked;
