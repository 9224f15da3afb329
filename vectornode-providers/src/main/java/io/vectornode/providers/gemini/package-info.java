/** The {@code gemini} provider: Google AI Gemini API ({@code generateContent}). */
@NullMarked
package io.vectornode.providers.gemini;

import org.jspecify.annotations.NullMarked;
