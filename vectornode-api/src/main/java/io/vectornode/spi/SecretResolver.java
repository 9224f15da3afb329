package io.vectornode.spi;

import java.util.Optional;

/**
 * Resolves secret references in configs, such as {@code ${vault:secret/openai#key}}, for secret
 * stores VectorNode does not know. Found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.vectornode.spi.SecretResolver}); {@code env}, {@code sysprop} and
 * {@code file} are built in. Implementations must be thread-safe and must never log the values
 * they return.
 */
public interface SecretResolver {

  /**
   * The scheme this resolver answers, the part before the colon ({@code vault} for {@code
   * ${vault:...}}). Lower case letters, digits and {@code -}.
   *
   * @return the scheme
   */
  String scheme();

  /**
   * Resolves a reference.
   *
   * @param name the part after the colon
   * @return the value, or empty when there is none (a config error naming the reference)
   */
  Optional<String> resolve(String name);
}
