package io.vectornode.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.vectornode.micrometer.MetricsOptions;
import io.vectornode.micrometer.VectorNodeMetrics;
import io.vectornode.routing.VectorNodeClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link VectorNodeMetrics} (vectornode-micrometer) when the context has a {@link
 * MeterRegistry} (Spring Boot Actuator makes one): the auto-configured client records every call
 * in it, with one Observation per call in the context's {@link ObservationRegistry} when there
 * is one, and the breaker and budget gauges of every {@link VectorNodeClient} bean. Options:
 * {@code vectornode.metrics.*}; off with {@code vectornode.metrics.enabled=false}.
 */
@AutoConfiguration(before = VectorNodeAutoConfiguration.class, afterName = {
    // Spring Boot 4: where the MeterRegistry and the ObservationRegistry come from
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    // Spring Boot 3.5
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, VectorNodeMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = {"vectornode.enabled", "vectornode.metrics.enabled"},
    matchIfMissing = true)
@EnableConfigurationProperties(VectorNodeProperties.class)
public class VectorNodeMetricsAutoConfiguration {

  /** For Spring. */
  public VectorNodeMetricsAutoConfiguration() {}

  /**
   * The listener.
   *
   * @param registry the meter registry
   * @param observations the observation registry, when there is one
   * @param properties {@code vectornode.metrics.*}
   * @return the listener, which the auto-configured client registers
   */
  @Bean
  @ConditionalOnMissingBean
  public VectorNodeMetrics vectorNodeMetrics(MeterRegistry registry,
      ObjectProvider<ObservationRegistry> observations, VectorNodeProperties properties) {
    VectorNodeProperties.Metrics m = properties.getMetrics();
    MetricsOptions.Builder options = MetricsOptions.builder().allowTags(m.getAllowedTags());
    if (m.getMaxTagValues() != null) {
      options.maxTagValues(m.getMaxTagValues());
    }
    if (m.getHistogramBuckets() != null) {
      options.histogramBuckets(m.getHistogramBuckets());
    }
    if (m.getLegacySystemTag() != null) {
      options.legacySystemTag(m.getLegacySystemTag());
    }
    if (m.getMaxCallsInFlight() != null) {
      options.maxCallsInFlight(m.getMaxCallsInFlight());
    }
    ObservationRegistry o = m.isObservations()
        ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
    return VectorNodeMetrics.create(registry, o, options.build());
  }

  /**
   * Adds the breaker and budget gauges of every client bean, once all singletons exist.
   *
   * @param metrics the listener
   * @param clients the client beans
   * @return the initializer
   */
  @Bean
  @ConditionalOnMissingBean(name = "vectorNodeMetricsMonitor")
  public SmartInitializingSingleton vectorNodeMetricsMonitor(VectorNodeMetrics metrics,
      ObjectProvider<VectorNodeClient> clients) {
    return () -> clients.orderedStream().forEach(metrics::monitor);
  }
}
