package io.vectornode.spring.boot;

import io.vectornode.routing.VectorNodeClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link VectorNodeHealthContributor} as the {@code vectornode} health contributor
 * when Actuator's health support (Spring Boot 4's {@code spring-boot-health}) is present and the
 * context has one {@link VectorNodeClient}. Off with {@code
 * management.health.vectornode.enabled=false}.
 */
@AutoConfiguration(after = VectorNodeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
@ConditionalOnSingleCandidate(VectorNodeClient.class)
@ConditionalOnEnabledHealthIndicator("vectornode")
public class VectorNodeHealthAutoConfiguration {

  /** For Spring. */
  public VectorNodeHealthAutoConfiguration() {}

  /**
   * The contributor; its bean name makes it {@code vectornode} in {@code /actuator/health}.
   *
   * @param client the client
   * @return the contributor
   */
  @Bean
  @ConditionalOnMissingBean(name = "vectornodeHealthContributor")
  public HealthContributor vectornodeHealthContributor(VectorNodeClient client) {
    return new VectorNodeHealthContributor(client);
  }
}
