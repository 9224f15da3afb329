/**
 * Spring Boot auto-configuration for VectorNode: a {@link io.vectornode.routing.VectorNodeClient}
 * bean from {@code vectornode.*} properties or a config file ({@link
 * io.vectornode.spring.boot.VectorNodeProperties}, {@link
 * io.vectornode.spring.boot.VectorNodeAutoConfiguration}), its Micrometer meters ({@link
 * io.vectornode.spring.boot.VectorNodeMetricsAutoConfiguration}), an Actuator health contributor
 * per deployment ({@link io.vectornode.spring.boot.VectorNodeHealthContributor}) and the {@code
 * vectornode} endpoint ({@link io.vectornode.spring.boot.VectorNodeEndpoint}).
 */
@NullMarked
package io.vectornode.spring.boot;

import org.jspecify.annotations.NullMarked;
