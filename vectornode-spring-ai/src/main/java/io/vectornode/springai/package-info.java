/**
 * VectorNode for Spring AI: {@link io.vectornode.springai.VectorNodeChatModel} is a Spring AI
 * {@code ChatModel} backed by a VectorNode client, with {@link
 * io.vectornode.springai.VectorNodeChatOptions} for VectorNode's request settings and {@link
 * io.vectornode.springai.VectorNodeMetadata} for its cost and attempts.
 */
@NullMarked
package io.vectornode.springai;

import org.jspecify.annotations.NullMarked;
