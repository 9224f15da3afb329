/**
 * VectorNode for LangChain4j: {@link io.vectornode.langchain4j.VectorNodeChatModel} is a
 * LangChain4j {@code ChatModel} and {@code StreamingChatModel} backed by a VectorNode client, with
 * {@link io.vectornode.langchain4j.VectorNodeChatRequestParameters} for VectorNode's request
 * settings and {@link io.vectornode.langchain4j.VectorNodeChatResponseMetadata} for its cost and
 * attempts.
 */
@NullMarked
package io.vectornode.langchain4j;

import org.jspecify.annotations.NullMarked;
