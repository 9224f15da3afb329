package io.vectornode.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when there is something to build a client from: {@code vectornode.config-file}, or
 * at least one {@code vectornode.providers.*} property. Without either, the starter on the class
 * path makes no client (rather than failing the application for a config it was never given).
 */
final class OnVectorNodeConfigCondition extends SpringBootCondition {
  private static final ConfigurationPropertyName PROVIDERS =
      ConfigurationPropertyName.of("vectornode.providers");

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    String file = context.getEnvironment().getProperty("vectornode.config-file");
    if (file != null && !file.isBlank()) {
      return ConditionOutcome.match("vectornode.config-file is set");
    }
    for (ConfigurationPropertySource source
        : ConfigurationPropertySources.get(context.getEnvironment())) {
      if (source instanceof IterableConfigurationPropertySource iterable
          && iterable.stream().anyMatch(PROVIDERS::isAncestorOf)) {
        return ConditionOutcome.match("vectornode.providers is set");
      }
    }
    return ConditionOutcome.noMatch("neither vectornode.config-file nor vectornode.providers is"
        + " set");
  }
}
