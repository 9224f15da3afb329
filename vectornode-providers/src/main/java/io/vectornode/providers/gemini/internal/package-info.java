/** The Gemini {@code generateContent} wire format. Not API. */
@NullMarked
package io.vectornode.providers.gemini.internal;

import org.jspecify.annotations.NullMarked;
