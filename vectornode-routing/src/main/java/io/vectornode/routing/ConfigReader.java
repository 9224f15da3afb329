package io.vectornode.routing;

import io.vectornode.ModelCallListener;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a config file into a client: the seam through which {@link VectorNode#fromConfig},
 * {@link VectorNode#builderFromConfig} and {@link VectorNode#watch} reach the YAML/JSON reader
 * of {@code io.vectornode.config}, found with {@link java.util.ServiceLoader} (so that the router
 * does not depend on the config package, which depends on it). One is built in; another format
 * could plug in the same way.
 *
 * <p>Implementations are thread-safe and have a public no-argument constructor.
 */
public interface ConfigReader {

  /**
   * Reads a config into a builder, to add listeners (or anything else) before building. Errors
   * raised when the builder builds show references, never what they resolved to.
   *
   * @param file the config file
   * @param env the environment, for {@code ${env:NAME}}
   * @return the builder
   * @throws io.vectornode.error.ConfigurationException naming the file and the field
   */
  VectorNode.Builder builder(Path file, Function<String, @Nullable String> env);

  /**
   * Reads a config given as text rather than a file (for example one generated from Spring
   * Boot properties), into a builder. Messages name {@code source} and the field; relative
   * paths in the config resolve against the working directory.
   *
   * <p>The default refuses: a reader of files only need not implement it.
   *
   * @param source what the text came from, for messages
   * @param text the config
   * @param env the environment, for {@code ${env:NAME}}
   * @return the builder
   * @throws io.vectornode.error.ConfigurationException naming the source and the field
   * @throws UnsupportedOperationException when this reader reads files only
   */
  default VectorNode.Builder builder(String source, String text,
      Function<String, @Nullable String> env) {
    throw new UnsupportedOperationException(getClass().getName() + " reads config files only");
  }

  /**
   * Reads a config and builds its client.
   *
   * @param file the config file
   * @param env the environment
   * @return the client
   * @throws io.vectornode.error.ConfigurationException naming the file and the field
   */
  VectorNodeClient build(Path file, Function<String, @Nullable String> env);

  /**
   * Builds a client that follows the file: see {@link VectorNode#watch}.
   *
   * @param file the config file
   * @param listeners listeners kept across reloads
   * @param env the environment
   * @return the client, already watching
   * @throws io.vectornode.error.ConfigurationException when the initial config is wrong
   */
  VectorNodeClient watch(Path file, List<ModelCallListener> listeners,
      Function<String, @Nullable String> env);
}
