/**
 * Usage: the in-process meter ({@link io.vectornode.usage.UsageMeter}), the JSON Lines ledger
 * ({@link io.vectornode.usage.UsageLedger}), and the reading side: {@link
 * io.vectornode.usage.LedgerSource} (the seam every reader goes through; a database module adds
 * one with a {@link io.vectornode.usage.LedgerSourceFactory}), {@link
 * io.vectornode.usage.LedgerReader} (the records and grouped totals) and {@link
 * io.vectornode.usage.UsageReport} (a period's billing and performance, in one pass). A ledger
 * line is a {@link io.vectornode.usage.LedgerRecord} (written and read back by the same code);
 * sinks other than the JSONL files (a database) plug in through {@link
 * io.vectornode.usage.UsageSinkFactory}.
 */
@NullMarked
package io.vectornode.usage;

import org.jspecify.annotations.NullMarked;
