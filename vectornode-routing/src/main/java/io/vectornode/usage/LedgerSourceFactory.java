package io.vectornode.usage;

import java.util.Map;

/**
 * Opens a {@link LedgerSource} for a URL, so that a module (such as {@code vectornode-jdbc}) can
 * let {@code vectornode usage --jdbc URL} and {@code vectornode report --jdbc URL} read its ledger
 * without any change to them. Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.vectornode.usage.LedgerSourceFactory} (and {@code provides} it in
 * {@code module-info}). {@link LedgerSource#open} picks the factory whose prefix is the longest
 * that the URL starts with.
 *
 * <p>The command line passes these settings when given: {@code user}, {@code password} (from the
 * environment, never from an argument) and {@code table}. Implementations are thread-safe and
 * have a public no-argument constructor.
 */
public interface LedgerSourceFactory {
  /**
   * The start of the URLs this factory reads, such as {@code jdbc:postgresql:}.
   *
   * @return the prefix, not empty
   */
  String urlPrefix();

  /**
   * Opens a source. It may connect now or on the first {@link LedgerSource#forEach}.
   *
   * @param url a URL that starts with {@link #urlPrefix()}
   * @param settings the settings named in the type's comment; unknown ones may be rejected
   * @return the source, closed by the caller
   * @throws io.vectornode.error.ConfigurationException naming what is wrong, never a password
   */
  LedgerSource open(String url, Map<String, String> settings);
}
