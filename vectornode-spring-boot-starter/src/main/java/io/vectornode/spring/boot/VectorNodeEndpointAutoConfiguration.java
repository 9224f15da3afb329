package io.vectornode.spring.boot;

import io.vectornode.routing.VectorNodeClient;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code vectornode} Actuator endpoint ({@link VectorNodeEndpoint}) when Actuator
 * is present, the endpoint is available (exposed: {@code
 * management.endpoints.web.exposure.include=vectornode}) and the context has one {@link
 * VectorNodeClient}.
 */
@AutoConfiguration(after = VectorNodeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnSingleCandidate(VectorNodeClient.class)
@ConditionalOnAvailableEndpoint(VectorNodeEndpoint.class)
public class VectorNodeEndpointAutoConfiguration {

  /** For Spring. */
  public VectorNodeEndpointAutoConfiguration() {}

  /**
   * The endpoint.
   *
   * @param client the client it shows
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public VectorNodeEndpoint vectorNodeEndpoint(VectorNodeClient client) {
    return new VectorNodeEndpoint(client);
  }
}
