package io.vectornode.state;

import java.util.Map;

/**
 * Creates a {@link SharedState} from a config file's {@code state.<type>} block. Found with
 * {@link java.util.ServiceLoader}: a module such as {@code vectornode-redis} provides one, and
 * {@code state: {redis: ...}} in a config uses it.
 */
public interface SharedStateFactory {
  /** @return the block's name under {@code state}, such as {@code redis} */
  String type();

  /**
   * Creates the state.
   *
   * @param settings the block's fields, with {@code ${...}} references already resolved
   * @return the state, connected or connecting
   * @throws io.vectornode.error.ConfigurationException naming the field
   *     ({@code state.<type>.<field>}) and never a secret's value
   */
  SharedState create(Map<String, String> settings);
}
