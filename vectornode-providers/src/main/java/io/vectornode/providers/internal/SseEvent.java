package io.vectornode.providers.internal;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or null when absent
 * @param data the {@code data:} lines joined by {@code \n}
 */
public record SseEvent(@Nullable String event, String data) {}
