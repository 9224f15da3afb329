package io.vectornode.spring.boot;

import io.vectornode.ModelCallListener;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the client the way the properties say: from the config file (watched when {@code
 * vectornode.reload.enabled}, the default), from a {@code classpath:} config (read once), or
 * from the properties' config sections, always through VectorNode's config loader.
 */
final class ClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);
  /** The source named in messages about a config made of properties. */
  static final String SOURCE = "vectornode properties";
  /** The largest classpath: config read, as for a file (1 MiB). */
  private static final int MAX_RESOURCE_BYTES = 1 << 20;

  private final VectorNodeProperties properties;
  private final Environment environment;
  private final ResourceLoader resources;

  ClientFactory(VectorNodeProperties properties, Environment environment,
      ResourceLoader resources) {
    this.properties = properties;
    this.environment = environment;
    this.resources = resources;
  }

  VectorNodeClient create(List<ModelCallListener> listeners) {
    String file = properties.getConfigFile();
    if (file != null && !file.isBlank()) {
      if (ConfigTree.hasConfig(properties)) {
        throw new ConfigurationException("vectornode.config-file", "is set, and so are"
            + " vectornode.* config properties (providers, models, routes...): give the config"
            + " in one place, the file or the properties");
      }
      return fromFile(file.strip(), listeners);
    }
    ConfigTree tree = new ConfigTree();
    String json = tree.json(properties);
    Map<String, String> secrets = tree.secrets();
    Function<String, @Nullable String> env = name -> secrets.containsKey(name)
        ? secrets.get(name) : environment.getProperty(name);
    VectorNode.Builder b = VectorNode.builderFromConfigText(SOURCE, json, env);
    listeners.forEach(b::listener);
    VectorNodeClient client = b.build();
    LOG.debug("VectorNode client from properties: providers {}, routes {}", client.providers(),
        client.routes().stream().map(r -> r.name()).toList());
    return client;
  }

  private VectorNodeClient fromFile(String location, List<ModelCallListener> listeners) {
    Function<String, @Nullable String> env = environment::getProperty;
    if (location.startsWith("classpath:")) {
      // Inside a jar there is no file to follow: read once, never reloaded.
      VectorNode.Builder b = VectorNode.builderFromConfigText(location, read(location), env);
      listeners.forEach(b::listener);
      return b.build();
    }
    Path path = Path.of(location.startsWith("file:") ? location.substring(5) : location);
    if (properties.getReload().isEnabled()) {
      VectorNodeClient c = VectorNode.watch(path, env,
          listeners.toArray(ModelCallListener[]::new));
      LOG.info("VectorNode client from {}, reloaded when it changes", path);
      return c;
    }
    VectorNode.Builder b = VectorNode.builderFromConfig(path, env);
    listeners.forEach(b::listener);
    return b.build();
  }

  private String read(String location) {
    Resource r = resources.getResource(location);
    try (InputStream in = r.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_RESOURCE_BYTES + 1);
      if (bytes.length > MAX_RESOURCE_BYTES) {
        throw new ConfigurationException(location, "is larger than " + MAX_RESOURCE_BYTES
            + " bytes, the limit for a config");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("vectornode.config-file", "'" + location
          + "' cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
