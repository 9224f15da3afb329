package io.vectornode.spring.boot;

import io.vectornode.error.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an application that failed to start on a VectorNode configuration error: the
 * message names the property (or the config file, line and field), never a key.
 */
final class VectorNodeFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    return new FailureAnalysis("VectorNode's configuration is wrong: " + cause.getMessage(),
        "Fix the vectornode.* property, or the field of vectornode.config-file, that the"
            + " message names (see the README's \"Spring Boot\" section).", cause);
  }
}
