/**
 * Usage: the in-process meter ({@link io.vectornode.usage.UsageMeter}), the JSON Lines ledger ({@link io.vectornode.usage.UsageLedger}) and its reader.
 */
@NullMarked
package io.vectornode.usage;

import org.jspecify.annotations.NullMarked;
