package io.vectornode.providers.wire;

import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp connection pool and dispatcher shared by every provider client of a VectorNode
 * client tree; each provider derives a client with its own timeouts from it.
 */
final class HttpResources implements AutoCloseable {
  /** Enough for a busy host; OkHttp's default of 5 per host would queue async calls. */
  static final int MAX_REQUESTS = 256;

  private final OkHttpClient base;

  HttpResources(int maxIdleConnections) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    this.base =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(maxIdleConnections, 5, TimeUnit.MINUTES))
            // One retry layer only: OkHttp would otherwise silently resend on a 408 or a failed
            // pooled connection, so N configured attempts would not mean N upstream requests.
            .retryOnConnectionFailure(false)
            // Never follow a redirect: OkHttp strips only Authorization when the host changes,
            // so x-api-key, x-goog-api-key, api-key and configured headers (and, on 307/308,
            // the prompt) would travel to whatever host the server names. A redirect is
            // reported as an error instead (HttpModelClient).
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /**
   * An HTTP client with the config's timeouts, sharing the tree's pool and dispatcher.
   *
   * @param context the tree's context
   * @param config the provider instance's config
   * @return the client
   */
  public static OkHttpClient client(ProviderContext context, ProviderConfig config) {
    OkHttpClient base = context.resources().get(HttpResources.class,
        () -> new HttpResources(context.maxIdleConnections())).base;
    return base.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .callTimeout(config.callTimeout())
        .build();
  }

  @Override
  public void close() {
    base.dispatcher().cancelAll();
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }
}
