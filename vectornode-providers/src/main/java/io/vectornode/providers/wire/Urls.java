package io.vectornode.providers.wire;

import io.vectornode.error.ConfigurationException;
import io.vectornode.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/** Builds endpoint URLs from a configured base URL. */
final class Urls {
  private Urls() {}

  /**
   * The base URL of an instance: the configured one, or the provider's default.
   *
   * @param config the instance's config
   * @param fallback the provider's default base URL
   * @return the parsed URL
   */
  public static HttpUrl base(ProviderConfig config, String fallback) {
    String base = config.baseUrl().map(Object::toString).orElse(fallback);
    HttpUrl parsed = HttpUrl.parse(base);
    if (parsed == null) {
      throw new ConfigurationException("providers." + config.name() + ".baseUrl",
          "is not a valid URL, was '" + base + "'");
    }
    return parsed;
  }

  /**
   * Appends path segments to a base URL, ignoring its trailing slash and keeping its query.
   * When the base already ends with the first segment (a base of {@code .../v1} and a path of
   * {@code v1/messages}), that segment is not repeated.
   *
   * @param base the base URL
   * @param segments the segments to append
   * @return the URL
   */
  public static HttpUrl append(HttpUrl base, String... segments) {
    List<String> path = new ArrayList<>(base.pathSegments());
    path.removeIf(String::isEmpty);
    int from = 0;
    if (segments.length > 1 && !path.isEmpty()
        && path.get(path.size() - 1).equals(segments[0])) {
      from = 1;
    }
    HttpUrl.Builder b = base.newBuilder().encodedPath("/");
    for (String p : path) {
      b.addPathSegment(p);
    }
    for (int i = from; i < segments.length; i++) {
      b.addPathSegment(segments[i]);
    }
    return b.build();
  }
}
