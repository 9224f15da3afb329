/** The Anthropic Messages wire format. Not API. */
@NullMarked
package io.vectornode.providers.anthropic.internal;

import org.jspecify.annotations.NullMarked;
