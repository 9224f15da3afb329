/**
 * Usage: the in-process meter ({@link io.vectornode.usage.UsageMeter}), the JSON Lines ledger
 * ({@link io.vectornode.usage.UsageLedger}), and the reading side: {@link
 * io.vectornode.usage.LedgerSource} (the seam every reader goes through; a database module adds
 * one with a {@link io.vectornode.usage.LedgerSourceFactory}), {@link
 * io.vectornode.usage.LedgerReader} (the records and grouped totals) and {@link
 * io.vectornode.usage.UsageReport} (a period's billing and performance, in one pass).
 */
@NullMarked
package io.vectornode.usage;

import org.jspecify.annotations.NullMarked;
