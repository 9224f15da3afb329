/** The {@code vertex-ai} provider: Gemini and Claude on Google Vertex AI. */
@NullMarked
package io.vectornode.providers.vertex;

import org.jspecify.annotations.NullMarked;
