package io.vectornode.spring.boot;

import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNodeClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link VectorNodeClient} bean from {@code vectornode.config-file} or the
 * {@code vectornode.*} properties (see {@link VectorNodeProperties}), when either is set and the
 * application defines no {@link ModelClient} of its own. Every {@link ModelCallListener} bean of
 * the context (the Micrometer listener this starter adds, an OpenTelemetry {@code
 * VectorNodeTracing}, your own) is registered on it, and it is closed with the context.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "vectornode.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VectorNodeProperties.class)
public class VectorNodeAutoConfiguration {

  /** For Spring. */
  public VectorNodeAutoConfiguration() {}

  /**
   * The client.
   *
   * @param properties the {@code vectornode.*} properties
   * @param environment where {@code ${env:NAME}} references of a config file are looked up
   * @param resources reads a {@code classpath:} config file
   * @param listeners every listener bean, in their order
   * @return the client; closed with the context
   * @throws io.vectornode.error.ConfigurationException naming the property, or the file and the
   *     field, never a key
   */
  @Bean
  @ConditionalOnMissingBean(ModelClient.class)
  @Conditional(OnVectorNodeConfigCondition.class)
  public VectorNodeClient vectorNodeClient(VectorNodeProperties properties,
      Environment environment, ResourceLoader resources,
      ObjectProvider<ModelCallListener> listeners) {
    return new ClientFactory(properties, environment, resources)
        .create(listeners.orderedStream().toList());
  }
}
