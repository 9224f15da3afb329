package io.vectornode.routing;

import io.vectornode.ChatStream;
import io.vectornode.StreamEvent;
import java.util.Iterator;
import java.util.List;

/**
 * A stream past its commit point: the upstream, where iteration stands, and the events read so
 * far (everything up to and including the first content, or the completion).
 *
 * @param upstream the provider's stream
 * @param events its iterator, positioned after {@code buffered}
 * @param buffered the events already read
 */
record Committed(ChatStream upstream, Iterator<StreamEvent> events, List<StreamEvent> buffered) {}
