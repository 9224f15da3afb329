/**
 * Plumbing shared by the built-in providers: HTTP client, SSE reader, error mapping, redaction.
 * Not API: classes here are public only so that provider packages can share them, and may change
 * without notice.
 */
@NullMarked
package io.vectornode.providers.internal;

import org.jspecify.annotations.NullMarked;
