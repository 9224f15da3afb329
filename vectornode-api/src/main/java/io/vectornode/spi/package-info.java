/**
 * The service provider interface: how a model provider plugs into VectorNode. A provider is a
 * {@link io.vectornode.spi.ModelProvider} listed in {@code
 * META-INF/services/io.vectornode.spi.ModelProvider}; {@link io.vectornode.spi.ProviderRegistry}
 * finds it on the class path.
 */
@NullMarked
package io.vectornode.spi;

import org.jspecify.annotations.NullMarked;
