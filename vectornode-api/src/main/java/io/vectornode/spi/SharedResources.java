package io.vectornode.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects shared by every client of one VectorNode client tree, such as one HTTP connection pool
 * for all providers. Created lazily on first use; closed, in reverse order of creation, when the
 * tree is closed.
 *
 * <p>Thread-safe.
 */
public final class SharedResources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);

  private final Map<Class<?>, Object> resources = new LinkedHashMap<>();
  private boolean closed;

  /** Creates an empty set of resources. */
  public SharedResources() {}

  /**
   * Returns the shared instance of a type, creating it on first use.
   *
   * @param type the resource's type, its key
   * @param factory creates the resource; called at most once per type
   * @param <T> the type
   * @return the shared instance
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized <T> T get(Class<T> type, Supplier<? extends T> factory) {
    requireNonNull(type, "type");
    requireNonNull(factory, "factory");
    if (closed) {
      throw new IllegalStateException("shared resources are closed");
    }
    Object existing = resources.get(type);
    if (existing == null) {
      existing = requireNonNull(factory.get(), "factory result");
      resources.put(type, existing);
    }
    return type.cast(existing);
  }

  /** Closes every {@link AutoCloseable} resource, newest first. Idempotent; never throws. */
  @Override
  public void close() {
    List<Object> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(resources.values());
      resources.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      if (toClose.get(i) instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing shared resource {} failed", c.getClass().getName(), e);
        }
      }
    }
  }
}
