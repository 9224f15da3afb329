package io.vectornode.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.routing.ResponseCache;
import io.vectornode.routing.VectorNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code cache} section, the response cache ({@link ResponseCache}) as a config writes it:
 *
 * <pre>{@code
 * cache:
 *   routes: [faq]          # and every route with 'cache: true'
 *   maximumSize: 10000     # answers kept in memory
 *   ttl: 1h                # how long each is kept
 *   cacheSampled: false    # whether requests with temperature above 0 (or unset) are cached
 * }</pre>
 *
 * <p>A route turns caching on with {@code cache: true} in its own block; the section then only
 * tunes the store. With neither, there is no cache.
 */
final class CacheSection {
  private static final Set<String> CACHE = Set.of("routes", "maximumSize", "ttl", "cacheSampled");

  private CacheSection() {}

  /**
   * Configures the response cache on the builder, when the section or a route asks for one.
   *
   * @param node the {@code cache} node, or null
   * @param cachedRoutes the routes that said {@code cache: true}
   * @param known the configured routes' and models' names
   */
  static void read(Fields f, @Nullable JsonNode node, List<String> cachedRoutes,
      Set<String> known, VectorNode.Builder b) {
    boolean section = node != null && !node.isNull();
    if (!section && cachedRoutes.isEmpty()) {
      return;
    }
    ResponseCache.Builder cache = ResponseCache.builder();
    List<String> routes = new ArrayList<>(cachedRoutes);
    if (section) {
      if (!node.isObject()) {
        throw f.error("cache", "must be a mapping with routes, maximumSize, ttl, cacheSampled");
      }
      f.checkKeys(node, "cache.", CACHE);
      JsonNode r = node.get("routes");
      if (r != null && !r.isNull()) {
        if (!r.isArray()) {
          throw f.error("cache.routes", "must be a list of route or model names");
        }
        int i = 0;
        for (JsonNode name : r) {
          if (!name.isTextual() || name.asText().isBlank()) {
            throw f.error("cache.routes[" + i + "]", "must be a route or model name, was '"
                + name + "'");
          }
          String n = name.asText().strip();
          if (!known.contains(n) && n.indexOf('/') < 1) {
            throw f.error("cache.routes[" + i + "]", "'" + n + "' is not a configured route or"
                + " model, nor provider/model; known: " + new java.util.TreeSet<>(known));
          }
          routes.add(n);
          i++;
        }
      }
      long max = f.number(node, "cache.", "maximumSize", 10_000);
      if (max < 1) {
        throw f.error("cache.maximumSize", "must be at least 1, was " + max);
      }
      cache.maximumSize(max);
      Duration ttl = f.duration(node, "cache.", "ttl");
      if (ttl != null) {
        if (ttl.isZero() || ttl.isNegative()) {
          throw f.error("cache.ttl", "must be positive, was " + ttl);
        }
        cache.ttl(ttl);
      }
      cache.cacheSampled(f.bool(node, "cache.", "cacheSampled", false));
    }
    cache.routes(routes.toArray(String[]::new));
    b.responseCache(cache.build());
  }
}
