package io.vectornode.spi;

// Over 400 lines: the builder documents and validates every provider setting, header and key.

import static java.util.Objects.requireNonNull;

import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one provider instance: its name, provider type, key, base URL, timeouts and
 * provider-specific options. Several instances may share a type (two OpenAI-compatible servers,
 * say), told apart by name.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the key or header values.
 */
public final class ProviderConfig {
  /** Default time to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default longest silence while reading a response (also bounds the time to first token). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
  /** Default deadline for a whole call, streaming included; as the official OpenAI SDK. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);
  /**
   * Default largest response body read, in bytes (32 MiB), streamed or not, after
   * decompression: far above any chat completion, far below what would hurt a JVM.
   */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;
  /** Default largest server-sent event, and line, of a stream, in bytes (16 MiB). */
  public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final String name;
  private final String type;
  private final @Nullable Secret apiKey;
  private final @Nullable URI baseUrl;
  private final @Nullable String defaultModel;
  private final Map<String, String> headers;
  private final Map<String, Object> options;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final long maxResponseBytes;
  private final int maxEventBytes;

  private ProviderConfig(Builder b) {
    this.name = b.name;
    this.type = b.type == null ? b.name : b.type;
    this.apiKey = b.apiKey;
    this.baseUrl = b.baseUrl;
    this.defaultModel = b.defaultModel;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxEventBytes = b.maxEventBytes;
  }

  /**
   * Starts a config for a provider instance.
   *
   * @param name the instance name: lower case letters, digits, {@code .}, {@code _}, {@code -}
   * @return a builder whose type defaults to the name
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** @return a builder holding this config's values */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.type = type;
    b.apiKey = apiKey;
    b.baseUrl = baseUrl;
    b.defaultModel = defaultModel;
    b.headers.putAll(headers);
    b.options.putAll(options);
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    b.maxResponseBytes = maxResponseBytes;
    b.maxEventBytes = maxEventBytes;
    return b;
  }

  /** @return the instance name, the {@code provider} part of {@code provider/model} */
  public String name() {
    return name;
  }

  /** @return the provider type id ({@link ModelProvider#id()}) */
  public String type() {
    return type;
  }

  /** @return the API key, or empty when the provider needs none */
  public Optional<Secret> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** @return the base URL, or empty for the provider's default */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** @return the model used when a request names none, or empty */
  public Optional<String> defaultModel() {
    return Optional.ofNullable(defaultModel);
  }

  /** @return extra HTTP headers sent with every request; values may be secret */
  public Map<String, String> headers() {
    return headers;
  }

  /** @return provider-specific options, documented by each provider */
  public Map<String, Object> options() {
    return options;
  }

  /**
   * A provider-specific option as text.
   *
   * @param key the option name
   * @return its value's text, or empty when unset
   */
  public Optional<String> option(String key) {
    Object v = options.get(key);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  /**
   * The model id to send for a request: the request's model with this instance's
   * {@code name/} prefix removed, or the default model when the request names none.
   *
   * @param request the request
   * @return the model id
   * @throws ConfigurationException when neither the request nor this config names a model
   */
  public String modelFor(io.vectornode.ChatRequest request) {
    String ref = request.model().orElse(null);
    if (ref == null) {
      if (defaultModel != null) {
        return defaultModel;
      }
      throw new ConfigurationException(
          "model", "the request names no model and provider '" + name + "' has no defaultModel");
    }
    if (ref.length() > name.length() + 1
        && ref.startsWith(name)
        && ref.charAt(name.length()) == '/') {
      return ref.substring(name.length() + 1);
    }
    return ref;
  }

  /** @return the connect timeout */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** @return the longest silence tolerated while reading a response */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** @return the deadline for a whole call; {@link Duration#ZERO} for none */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * The largest response body read, counted after decompression. A larger body fails the call
   * with a {@link io.vectornode.error.ResponseParseException}. A stream may send 16 times this
   * on the wire and assemble a quarter of it as content (text, reasoning, tool arguments,
   * signatures), in characters.
   *
   * @return the limit in bytes
   */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * The largest server-sent event, and the longest line, of a stream. A larger one fails the
   * stream with a {@link io.vectornode.error.ResponseParseException}.
   *
   * @return the limit in bytes
   */
  public int maxEventBytes() {
    return maxEventBytes;
  }

  /**
   * Checks that a value can travel in an HTTP header, for providers that put an option in one:
   * visible ASCII, spaces and tabs. OkHttp would otherwise throw, on every call, an exception
   * whose message quotes the whole value.
   *
   * @param field the config field, for the message (for example {@code options.organization})
   * @param value the value
   * @return the value
   * @throws ConfigurationException naming the field and the position of the first character
   *     that cannot be sent; never the value
   */
  public static String requireHeaderSafe(String field, String value) {
    Builder.checkHeaderValue(field, value, true);
    return value;
  }

  @Override
  public String toString() {
    return "ProviderConfig[name="
        + name
        + ", type="
        + type
        + ", apiKey="
        + (apiKey == null ? "none" : apiKey.id())
        + ", baseUrl="
        + (baseUrl == null ? null : baseUrl.getScheme() + "://" + baseUrl.getHost()
            + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort()) + baseUrl.getRawPath()
            + (baseUrl.getRawQuery() == null ? "" : "?..."))
        + ", headers="
        + headers.keySet()
        + ", options="
        + options.keySet()
        + "]";
  }

  /** Builds a {@link ProviderConfig}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String type;
    private @Nullable Secret apiKey;
    private @Nullable URI baseUrl;
    private @Nullable String defaultModel;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> options = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxEventBytes = DEFAULT_MAX_EVENT_BYTES;

    private Builder(String name) {
      requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new ConfigurationException(
            "name",
            "must be 1-64 lower case letters, digits, '.', '_' or '-', was '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Sets the provider type id.
     *
     * @param type the id of a {@link ModelProvider} on the class path
     * @return this builder
     */
    public Builder type(String type) {
      this.type = requireNonNull(type, "type");
      return this;
    }

    /**
     * Sets the API key.
     *
     * @param apiKey the key, or {@code null} for none
     * @return this builder
     * @throws ConfigurationException naming {@code apiKey} and the position of the first
     *     character that cannot travel in an HTTP header (a non-ASCII, control or blank
     *     character); never the key
     */
    public Builder apiKey(@Nullable Secret apiKey) {
      if (apiKey != null) {
        checkHeaderValue("apiKey", apiKey.reveal(), false);
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the API key from text.
     *
     * @param apiKey the key, or {@code null} or blank for none
     * @return this builder
     * @throws ConfigurationException as {@link #apiKey(Secret)}
     */
    public Builder apiKey(@Nullable String apiKey) {
      return apiKey(apiKey == null || apiKey.isBlank() ? null : Secret.of(apiKey));
    }

    /**
     * Sets the base URL, for example {@code http://127.0.0.1:8080/v1}.
     *
     * @param baseUrl an absolute http or https URL, or {@code null} for the provider's default
     * @return this builder
     * @throws ConfigurationException naming {@code baseUrl} and the value when it is not one
     */
    public Builder baseUrl(@Nullable String baseUrl) {
      if (baseUrl == null) {
        this.baseUrl = null;
        return this;
      }
      try {
        URI uri = new URI(baseUrl.strip());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new ConfigurationException(
              "baseUrl", "must be an absolute http or https URL, was '" + baseUrl + "'");
        }
        if (uri.getUserInfo() != null) {
          throw new ConfigurationException(
              "baseUrl", "must not contain credentials; put the key in apiKey");
        }
        this.baseUrl = uri;
      } catch (URISyntaxException e) {
        throw new ConfigurationException(
            "baseUrl", "is not a valid URL, was '" + baseUrl + "'", e);
      }
      return this;
    }

    /**
     * Sets the model used when a request names none.
     *
     * @param model the model id, or {@code null}
     * @return this builder
     */
    public Builder defaultModel(@Nullable String model) {
      if (model != null && model.isBlank()) {
        throw new ConfigurationException("defaultModel", "must not be blank, was '" + model + "'");
      }
      this.defaultModel = model;
      return this;
    }

    /**
     * Adds an HTTP header sent with every request.
     *
     * @param name the header name
     * @param value the value (treated as secret: never logged)
     * @return this builder
     * @throws ConfigurationException naming {@code headers.NAME} and the position of the first
     *     character not allowed in a header (non-ASCII or control); never the value
     */
    public Builder header(String name, String value) {
      requireNonNull(name, "header name");
      requireNonNull(value, "header value");
      if (name.isEmpty()) {
        throw new ConfigurationException("headers", "a header name must not be empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new ConfigurationException("headers", "header name '" + printable(name)
              + "' has a character not allowed in a header name at position " + (i + 1));
        }
      }
      checkHeaderValue("headers." + name, value, true);
      headers.put(name, value);
      return this;
    }

    private static void checkHeaderValue(String field, String value, boolean blanksAllowed) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean ok = (c > ' ' && c < 0x7f) || (blanksAllowed && (c == ' ' || c == '\t'));
        if (!ok) {
          String what = c >= 0x80 ? "a non-ASCII character"
              : c == ' ' ? "a space" : String.format("a control character (U+%04X)", (int) c);
          throw new ConfigurationException(field, "has " + what + " at position " + (i + 1)
              + " of " + value.length() + "; only visible ASCII can be sent in an HTTP header"
              + " (the value is not shown)");
        }
      }
    }

    private static String printable(String s) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < s.length() && i < 64; i++) {
        char c = s.charAt(i);
        sb.append(c >= ' ' && c < 0x7f ? c : '?');
      }
      return sb.toString();
    }

    /**
     * Sets a provider-specific option.
     *
     * @param key the option name
     * @param value its value
     * @return this builder
     */
    public Builder option(String key, Object value) {
      requireNonNull(key, "option key");
      requireNonNull(value, "option value");
      options.put(key, value);
      return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Sets the longest silence while reading a response.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * Sets the deadline of a whole call.
     *
     * @param timeout positive, or {@link Duration#ZERO} for none
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      requireNonNull(timeout, "callTimeout");
      if (timeout.isNegative()) {
        throw new ConfigurationException("callTimeout", "must not be negative, was " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /**
     * Sets the largest response body read, streamed or not (after decompression).
     *
     * @param bytes at least 1024
     * @return this builder
     * @throws ConfigurationException naming {@code maxResponseBytes} when smaller
     */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1024) {
        throw new ConfigurationException("maxResponseBytes", "must be at least 1024, was "
            + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Sets the largest server-sent event (and line) of a stream.
     *
     * @param bytes at least 1024
     * @return this builder
     * @throws ConfigurationException naming {@code maxEventBytes} when smaller
     */
    public Builder maxEventBytes(int bytes) {
      if (bytes < 1024) {
        throw new ConfigurationException("maxEventBytes", "must be at least 1024, was " + bytes);
      }
      this.maxEventBytes = bytes;
      return this;
    }

    private static Duration positive(String field, Duration d) {
      requireNonNull(d, field);
      if (d.isZero() || d.isNegative()) {
        throw new ConfigurationException(field, "must be positive, was " + d);
      }
      return d;
    }

    /** @return the config */
    public ProviderConfig build() {
      return new ProviderConfig(this);
    }
  }
}
