package io.vectornode.routing.internal;

import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.Deployment;
import io.vectornode.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves each request's model reference (a deployment name, or {@code provider/model}) to a
 * provider instance and calls it. The router (task policies, retries, fallbacks) will replace the
 * resolution step; the reference rules stay.
 */
public final class DirectClient implements ModelClient {
  private static final Logger LOG = LoggerFactory.getLogger(DirectClient.class);

  private final Map<String, ModelClient> providers;
  private final Map<String, Deployment> deployments;
  private final @Nullable String defaultModel;
  private final ProviderContext context;

  /**
   * Creates the client.
   *
   * @param providers provider instance name to its client
   * @param deployments deployment name to deployment
   * @param defaultModel the reference used when a request names none, or null
   * @param context the shared context, closed with this client
   */
  public DirectClient(Map<String, ModelClient> providers, Map<String, Deployment> deployments,
      @Nullable String defaultModel, ProviderContext context) {
    this.providers = Map.copyOf(providers);
    this.deployments = Map.copyOf(deployments);
    this.defaultModel = defaultModel;
    this.context = context;
  }

  private record Target(ModelClient client, ChatRequest request) {}

  private Target resolve(ChatRequest request) {
    if (request.task().isPresent() && request.model().isEmpty()) {
      throw new ConfigurationException("task", "no route named '" + request.task().get()
          + "': routes are not configured; name a model instead");
    }
    String ref = request.model().orElse(defaultModel);
    if (ref == null) {
      throw new ConfigurationException("model", "the request names no model and no defaultModel"
          + " is configured; known models: " + new TreeSet<>(deployments.keySet()));
    }
    Deployment d = deployments.get(ref);
    if (d != null) {
      return new Target(providers.get(d.provider()),
          request.toBuilder().model(d.provider() + "/" + d.model()).build());
    }
    int slash = ref.indexOf('/');
    if (slash > 0) {
      ModelClient client = providers.get(ref.substring(0, slash));
      if (client != null) {
        return new Target(client, request.model().isPresent() ? request
            : request.toBuilder().model(ref).build());
      }
    }
    throw new ConfigurationException("model", "'" + ref + "' is neither a configured model nor"
        + " provider/model with a configured provider; models: "
        + new TreeSet<>(deployments.keySet()) + ", providers: " + new TreeSet<>(providers.keySet()));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Target t = resolve(request);
    return t.client().chat(t.request());
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Target t;
    try {
      t = resolve(request);
    } catch (ConfigurationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return t.client().chatAsync(t.request());
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Target t = resolve(request);
    return t.client().stream(t.request());
  }

  /** @return the configured provider instance names and deployment names, for diagnostics */
  public List<String> describe() {
    return List.of("providers=" + new TreeSet<>(providers.keySet()),
        "models=" + new TreeSet<>(deployments.keySet()));
  }

  @Override
  public void close() {
    for (ModelClient c : providers.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a provider client failed", e);
      }
    }
    context.resources().close();
  }

  @Override
  public String toString() {
    return "VectorNode" + describe();
  }
}
