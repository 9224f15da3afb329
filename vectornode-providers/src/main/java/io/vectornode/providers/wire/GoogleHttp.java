package io.vectornode.providers.wire;

import io.vectornode.spi.ProviderConfig;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * What a token source needs to reach its endpoint.
 *
 * @param client the instance's HTTP client (shared pool, no redirects)
 * @param provider the instance name, for errors
 * @param config the instance's config (timeouts, secrets to redact)
 * @param clock the wall clock (assertion times, Retry-After dates)
 */
record GoogleHttp(OkHttpClient client, String provider, ProviderConfig config, Clock clock) {
  @Override
  public String toString() {
    return "GoogleHttp[" + provider + "]";
  }
}
