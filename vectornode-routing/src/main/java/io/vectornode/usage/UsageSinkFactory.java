package io.vectornode.usage;

import java.nio.file.Path;
import java.util.Map;

/**
 * Creates a {@link UsageSink} from a config file's {@code ledger.<type>} block. Found with {@link
 * java.util.ServiceLoader}: a module such as {@code vectornode-jdbc} provides one, and {@code
 * ledger: {jdbc: ...}} in a config uses it, next to (or instead of) the JSONL ledger's {@code
 * ledger.directory}. Routing itself depends on no sink's libraries.
 */
public interface UsageSinkFactory {
  /** @return the block's name under {@code ledger}, such as {@code jdbc} */
  String type();

  /**
   * Creates the sink.
   *
   * @param settings the block's fields, with {@code ${...}} references already resolved
   * @param directory the config file's directory, which relative paths are resolved against
   * @return the sink, ready to receive calls (it may still be connecting)
   * @throws io.vectornode.error.ConfigurationException naming the field
   *     ({@code ledger.<type>.<field>}) and never a secret's value
   */
  UsageSink create(Map<String, String> settings, Path directory);
}
