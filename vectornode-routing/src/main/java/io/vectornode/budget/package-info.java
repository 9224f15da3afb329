/**
 * Budgets: hard spending limits per period and scope, enforced by reserving each attempt's worst case before it is sent and settling it to the real cost after.
 */
@NullMarked
package io.vectornode.budget;

import org.jspecify.annotations.NullMarked;
