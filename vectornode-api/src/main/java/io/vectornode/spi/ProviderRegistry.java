package io.vectornode.spi;

import static java.util.Objects.requireNonNull;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model providers available to this application, found with {@link ServiceLoader}.
 *
 * <p>Discovery is forgiving and explicit: a provider that fails to load (missing class, failing
 * constructor, invalid id) is logged at WARN and skipped, so one broken jar does not take the
 * others down. Two providers claiming one id make that id unusable, and asking for it fails
 * naming both classes. Asking for an unknown id fails listing the ids that were found.
 *
 * <p>Each provider's {@link ModelProvider#presets() presets} are registered right after it, by
 * the same rules: a preset with an invalid id, or whose {@code id()} throws, is skipped, and a
 * preset claiming a taken id makes that id unusable; a {@code presets()} that throws, returns
 * null or returns more than 256 presets contributes none. Each such failure is logged and
 * listed in {@link #failures()}. Presets of presets are not looked at. A preset's failure never
 * affects its provider or the other presets, and a provider's failure never affects the presets
 * it brings.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  /** The most presets one provider may bring; a longer list is refused as a whole. */
  static final int MAX_PRESETS = 256;

  private final Map<String, ModelProvider> providers;
  private final Map<String, String> origins;
  private final Map<String, List<String>> duplicates;
  private final List<String> failures;

  private ProviderRegistry(
      Map<String, ModelProvider> providers,
      Map<String, String> origins,
      Map<String, List<String>> duplicates,
      List<String> failures) {
    this.providers = Collections.unmodifiableMap(providers);
    this.origins = Collections.unmodifiableMap(origins);
    this.duplicates = Collections.unmodifiableMap(duplicates);
    this.failures = List.copyOf(failures);
  }

  /**
   * Finds the providers visible to the thread's context class loader (or this class's loader
   * when there is none).
   *
   * @return the registry
   */
  public static ProviderRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader != null ? loader : ProviderRegistry.class.getClassLoader());
  }

  /**
   * Finds the providers visible to a class loader.
   *
   * @param loader where to look
   * @return the registry
   */
  public static ProviderRegistry load(ClassLoader loader) {
    requireNonNull(loader, "loader");
    List<ModelProvider> found = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<ModelProvider> it = ServiceLoader.load(ModelProvider.class, loader).iterator();
    // A broken entry throws from hasNext()/next(); the lazy iterator then moves on to the next
    // entry. The bound guards against an iterator that keeps failing on the same entry.
    for (int guard = 0; guard < 10_000; guard++) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        failures.add(why);
        LOG.warn("skipping a model provider that failed to load: {}", why, e);
      }
    }
    return of(found, failures);
  }

  /**
   * A registry of the given providers and their presets, without class path discovery (for
   * tests and for applications that wire providers by hand).
   *
   * @param providers the providers
   * @return the registry
   */
  public static ProviderRegistry of(List<? extends ModelProvider> providers) {
    return of(providers, List.of());
  }

  private static ProviderRegistry of(List<? extends ModelProvider> all, List<String> failures) {
    Registration r = new Registration(failures);
    for (ModelProvider p : all) {
      String origin = p.getClass().getName();
      r.add(p, origin);
      for (ModelProvider preset : presetsOf(p, origin, r.failures)) {
        r.add(preset, "preset of " + origin);
      }
    }
    return new ProviderRegistry(r.providers, r.origins, r.duplicates, r.failures);
  }

  /**
   * A provider's presets, bounded; none when asking for them fails (recorded in {@code
   * failures}). Nulls in the list are recorded and dropped.
   */
  private static List<ModelProvider> presetsOf(
      ModelProvider p, String origin, List<String> failures) {
    List<ModelProvider> found = new ArrayList<>();
    String why;
    Throwable cause = null;
    try {
      List<ModelProvider> listed = p.presets();
      if (listed == null) {
        why = "presets() returned null";
      } else if (listed.size() > MAX_PRESETS) {
        why = "presets() returned " + listed.size() + " presets, more than " + MAX_PRESETS;
      } else {
        why = null;
        for (ModelProvider preset : listed) {
          // size() may understate what the iterator yields
          if (found.size() == MAX_PRESETS) {
            why = "presets() yielded more than " + MAX_PRESETS + " presets";
            break;
          }
          found.add(preset);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      why = "presets() threw " + e;
      cause = e;
    }
    if (why != null) {
      failures.add(origin + ": " + why + "; none of its presets is registered");
      LOG.warn("skipping the presets of model provider {}: {}", origin, why, cause);
      return List.of();
    }
    List<ModelProvider> usable = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      if (found.get(i) == null) {
        failures.add("preset of " + origin + ": presets() holds null at index " + i);
        LOG.warn("skipping a null preset of model provider {} (index {})", origin, i);
      } else {
        usable.add(found.get(i));
      }
    }
    return usable;
  }

  /** The providers registered so far, by id, with where each came from. */
  private static final class Registration {
    final Map<String, ModelProvider> providers = new LinkedHashMap<>();
    final Map<String, String> origins = new LinkedHashMap<>();
    final Map<String, List<String>> duplicates = new LinkedHashMap<>();
    final List<String> failures;

    Registration(List<String> failures) {
      this.failures = new ArrayList<>(failures);
    }

    /** Registers one provider, or records why not; {@code origin} names it in messages. */
    void add(ModelProvider p, String origin) {
      String id;
      try {
        id = p.id();
      } catch (RuntimeException e) {
        failures.add(origin + ": id() threw " + e);
        LOG.warn("skipping model provider {}: id() threw", origin, e);
        return;
      }
      if (id == null || !ID.matcher(id).matches()) {
        failures.add(origin + ": invalid id '" + id + "'");
        LOG.warn("skipping model provider {}: invalid id '{}'", origin, id);
        return;
      }
      ModelProvider previous = providers.putIfAbsent(id, p);
      if (previous == null) {
        origins.put(id, origin);
        return;
      }
      String first = origins.get(id);
      duplicates.computeIfAbsent(id, k -> new ArrayList<>(List.of(first))).add(origin);
      LOG.warn(
          "model provider id '{}' is claimed by {} and {}; it cannot be used until one is"
              + " removed from the class path",
          id,
          first,
          origin);
    }
  }

  /** @return the ids of the usable providers found (an id claimed twice is not), sorted */
  public SortedSet<String> ids() {
    TreeSet<String> ids = new TreeSet<>(providers.keySet());
    ids.removeAll(duplicates.keySet());
    return Collections.unmodifiableSortedSet(ids);
  }

  /** @return why each provider that failed to load was skipped; empty when none failed */
  public List<String> failures() {
    return failures;
  }

  /**
   * The provider with an id.
   *
   * @param id the provider id
   * @return the provider
   * @throws ConfigurationException if no provider has that id (listing the ids found), or if
   *     several do (naming their classes, or for presets the classes that brought them)
   */
  public ModelProvider provider(String id) {
    requireNonNull(id, "id");
    List<String> claimants = duplicates.get(id);
    if (claimants != null) {
      throw new ConfigurationException(
          "type",
          "provider id '" + id + "' is claimed by several providers on the class path: "
              + String.join(", ", claimants) + "; remove all but one");
    }
    ModelProvider p = providers.get(id);
    if (p == null) {
      throw new ConfigurationException(
          "type",
          "no model provider with id '" + id + "' on the class path; found " + ids()
              + " (is the jar that provides it missing?)");
    }
    return p;
  }

  /**
   * Where the provider with an id came from, for listings: its class name, or for a {@link
   * ModelProvider#presets() preset} {@code "preset of "} and the class name of the provider that
   * brought it.
   *
   * @param id the provider id
   * @return the origin
   * @throws ConfigurationException as {@link #provider(String)} does
   */
  public String origin(String id) {
    provider(id);
    return origins.get(id);
  }

  /**
   * Creates a client for a provider instance, reporting every call to the context's listeners.
   * The caller owns the context's resources and closes them.
   *
   * @param config the instance's settings; {@link ProviderConfig#type()} selects the provider
   * @param context the shared context
   * @return the client
   * @throws ConfigurationException if the provider is unknown or rejects the config
   */
  public ModelClient create(ProviderConfig config, ProviderContext context) {
    return create(config, context, null);
  }

  /**
   * Creates a stand-alone client with its own context; closing the client releases everything.
   *
   * @param config the instance's settings
   * @param listeners listeners to report calls to
   * @return the client
   */
  public ModelClient create(ProviderConfig config, List<? extends io.vectornode.ModelCallListener> listeners) {
    ProviderContext.Builder b = ProviderContext.builder();
    listeners.forEach(b::listener);
    ProviderContext context = b.build();
    return create(config, context, context.resources());
  }

  /**
   * Creates a provider's client without listener reporting, for layers (such as the router) that
   * report calls themselves.
   *
   * @param config the instance's settings
   * @param context the shared context
   * @return the provider's own client
   */
  public ModelClient createUnobserved(ProviderConfig config, ProviderContext context) {
    requireNonNull(config, "config");
    requireNonNull(context, "context");
    ModelClient client = provider(config.type()).create(config, context);
    return requireNonNull(client, () -> config.type() + " provider returned a null client");
  }

  private ModelClient create(
      ProviderConfig config, ProviderContext context, @org.jspecify.annotations.Nullable AutoCloseable owned) {
    return new ListeningModelClient(createUnobserved(config, context), config, context, owned);
  }
}
