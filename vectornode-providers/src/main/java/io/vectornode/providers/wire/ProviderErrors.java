package io.vectornode.providers.wire;

// Over 400 lines: every status, error code and body shape of the four wire formats maps to a
// typed exception here, in one place, so that the mapping is read and tested as one table.

import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ContentFilteredException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.InvalidRequestException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.PermissionDeniedException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.RateLimitException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Maps HTTP statuses, headers and I/O failures to VectorNode's exceptions, for every provider. */
final class ProviderErrors {
  /** What a provider's body said beyond the status, to pick the exception class. */
  public enum Hint {
    /** Nothing special. */
    NONE,
    /** The prompt does not fit the context window. */
    CONTEXT_LENGTH,
    /** The account's quota or billing limit is exhausted. */
    QUOTA,
    /** A safety filter blocked the prompt or output. */
    CONTENT_FILTER,
    /** The provider is overloaded (retryable whatever the status). */
    OVERLOADED
  }

  private ProviderErrors() {}

  /**
   * Whether a status is worth retrying: 408, 409, 429 and 5xx, as the official SDKs do.
   *
   * @param status the HTTP status
   * @return whether to retry
   */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /**
   * Builds the exception for an error.
   *
   * @param e what the provider said (its {@code retryable} flag is overridden for quota and
   *     content-filter errors, which never are)
   * @param hint what the body said beyond the status
   * @param redactor scrubs every server-controlled string of the error
   * @return the exception, the most specific class that fits
   */
  public static ProviderException exception(ProviderError e, Hint hint, Redactor redactor) {
    return exception(e, hint, e.status(), redactor);
  }

  /**
   * Builds the exception for an error, classified as if it had another status (for errors that
   * arrive inside a stream, whose HTTP status was 200).
   *
   * @param raw what the provider said
   * @param hint what the body said beyond the status
   * @param s the status to classify by
   * @param redactor scrubs every server-controlled string of the error: its code, message,
   *     request id and header values (a server may echo the key in any of them)
   * @return the exception
   */
  public static ProviderException exception(ProviderError raw, Hint hint, int s,
      Redactor redactor) {
    ProviderError e = redactor.error(raw);
    switch (hint) {
      case CONTEXT_LENGTH:
        return new ContextLengthExceededException(e.withRetryable(false));
      case QUOTA:
        return new RateLimitException(e.withRetryable(false), true);
      case CONTENT_FILTER:
        return new ContentFilteredException(e.withRetryable(false), null);
      case OVERLOADED:
        return new ServiceUnavailableException(e.withRetryable(true));
      default:
        break;
    }
    if (s == 400 || s == 413 || s == 422) {
      return new InvalidRequestException(e);
    }
    if (s == 401) {
      return new AuthenticationException(e);
    }
    if (s == 403) {
      return new PermissionDeniedException(e);
    }
    if (s == 404) {
      return new NotFoundException(e);
    }
    if (s == 429) {
      return new RateLimitException(e, false);
    }
    if (s >= 500) {
      return new ServiceUnavailableException(e);
    }
    return new ProviderException(e);
  }

  /**
   * An error body as JSON, when it is.
   *
   * @param body the body (a bounded prefix)
   * @return the tree, or null when the body is not JSON (it is then quoted as text)
   */
  static @Nullable JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception notJson) {
      return null;
    }
  }

  /**
   * The message an error shows: the provider's own, else the start of the body (scrubbed
   * before it is cut, so that the cut cannot split a key into a part that no longer matches),
   * else the status. Every message is scrubbed again, whole, by {@link #exception}.
   *
   * @param message what the provider's error object said, or null
   * @param body the body
   * @param status the HTTP status
   * @param redactor scrubs the body's excerpt
   * @return the message
   */
  static String messageOrBody(@Nullable String message, String body, int status,
      Redactor redactor) {
    if (message != null && !message.isBlank()) {
      return message;
    }
    String snippet = redactor.excerpt(body, 300);
    return snippet.isEmpty() ? "HTTP " + status : snippet;
  }

  /** The most response headers kept on an error: rate limits and ids are a dozen at most. */
  static final int MAX_KEPT_HEADERS = 32;

  /**
   * Response headers worth keeping on an exception: rate limits, retry hints and request ids.
   * Never authentication or cookie headers. Names are matched exactly, or by a known prefix
   * followed by a short run of {@code [a-z0-9-]} (a server controls the names too); at most
   * {@value #MAX_KEPT_HEADERS} are kept. Values are kept as sent: they are scrubbed when an
   * exception is built ({@link Redactor#error}).
   *
   * @param headers the response headers
   * @return lower-case names to values
   */
  public static Map<String, String> keptHeaders(Headers headers) {
    Map<String, String> kept = null;
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean keep = switch (name.toLowerCase(Locale.ROOT)) {
        case "retry-after", "retry-after-ms", "x-request-id", "request-id", "x-should-retry",
            "openai-processing-ms" -> true;
        default -> (prefix(name, "x-ratelimit-") && tail(name, 12))
            || (prefix(name, "anthropic-ratelimit-") && tail(name, 20));
      };
      if (keep) {
        if (kept == null) {
          kept = new LinkedHashMap<>();
        }
        if (kept.size() >= MAX_KEPT_HEADERS) {
          break;
        }
        kept.put(name.toLowerCase(Locale.ROOT), headers.value(i));
      }
    }
    return kept == null ? Map.of() : kept;
  }

  /** Whether a header name goes on, after a prefix, with 1 to 64 of {@code [a-zA-Z0-9-]}. */
  private static boolean tail(String name, int from) {
    int n = name.length() - from;
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = from; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean prefix(String name, String lowerPrefix) {
    return name.regionMatches(true, 0, lowerPrefix, 0, lowerPrefix.length());
  }

  /**
   * The wait a response asks for: {@code retry-after-ms} (milliseconds), else {@code
   * retry-after} (seconds, or an HTTP date read against the clock). Garbage is ignored; negative
   * waits become zero.
   *
   * @param headers the response headers
   * @param clock the wall clock, for HTTP dates
   * @return the wait, or null when none was asked for
   */
  public static @Nullable Duration retryAfter(Headers headers, Clock clock) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.strip());
        if (Double.isFinite(v)) {
          return Duration.ofNanos((long) (Math.max(0, Math.min(v, 1e12)) * 1_000_000L));
        }
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    String ra = headers.get("retry-after");
    if (ra == null || ra.isBlank()) {
      return null;
    }
    ra = ra.strip();
    try {
      double seconds = Double.parseDouble(ra);
      if (Double.isFinite(seconds)) {
        return Duration.ofMillis((long) (Math.max(0, Math.min(seconds, 1e9)) * 1000));
      }
      return null;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(ra, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), when.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /**
   * The {@code x-should-retry} header, which overrides the status-based decision.
   *
   * @param headers the response headers
   * @return true, false, or null when absent or neither
   */
  public static @Nullable Boolean shouldRetry(Headers headers) {
    String v = headers.get("x-should-retry");
    if ("true".equalsIgnoreCase(v)) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(v)) {
      return Boolean.FALSE;
    }
    return null;
  }

  /**
   * The timeouts in force for one HTTP call, so that a timeout can say which one fired.
   *
   * @param connect the connect timeout
   * @param read the longest silence while reading
   * @param total the deadline of the whole call, or {@link Duration#ZERO} for none
   * @param totalFromRequest whether the deadline came from the request (the router's remaining
   *     deadline, or {@code ChatRequest.timeout}) rather than the provider's config
   */
  public record Timeouts(Duration connect, Duration read, Duration total,
      boolean totalFromRequest) {
    /**
     * The timeouts of a call.
     *
     * @param config the instance's config
     * @param requested the request's own deadline, or null
     * @return the timeouts
     */
    static Timeouts of(ProviderConfig config, @Nullable Duration requested) {
      return new Timeouts(config.connectTimeout(), config.readTimeout(),
          requested != null ? requested : config.callTimeout(), requested != null);
    }
  }

  /**
   * Maps an I/O failure: a bound exceeded becomes a {@link ResponseParseException}, anything
   * else a {@link TransportException} (see {@link #transport}).
   *
   * @param provider the provider instance
   * @param e the failure
   * @param responseStarted whether response headers had arrived
   * @param redactor removes secrets from the message
   * @param timeouts the call's timeouts, to name the one that fired
   * @return the exception
   */
  public static VectorNodeException io(String provider, IOException e, boolean responseStarted,
      Redactor redactor, Timeouts timeouts) {
    if (e instanceof BoundedSource.LimitExceeded) {
      return new ResponseParseException(provider, e.getMessage(), null);
    }
    return transport(provider, e, responseStarted, redactor, timeouts);
  }

  /**
   * Maps an I/O failure to a transport failure whose message names what happened: which
   * timeout fired (connect, read or the call's total deadline, with its value), a refused
   * connection, or a broken one.
   *
   * @param provider the provider instance
   * @param e the failure
   * @param responseStarted whether response headers had arrived
   * @param redactor removes secrets from the message
   * @param timeouts the call's timeouts
   * @return the exception
   */
  public static TransportException transport(String provider, IOException e,
      boolean responseStarted, Redactor redactor, Timeouts timeouts) {
    String detail = redactor.excerpt(String.valueOf(e.getMessage()), 300);
    // The cause kept on the exception is a stand-in: OkHttp puts server bytes in some messages
    // ("Unexpected status line: ..."), and a cause's message reaches every stack trace.
    IOException cause = new Scrubbed(e, detail);
    if (!responseStarted
        && (e instanceof ConnectException
            || e instanceof UnknownHostException
            || e instanceof NoRouteToHostException
            || e instanceof SSLException)) {
      return new TransportException(
          provider, TransportException.Kind.CONNECT, false,
          "could not connect (" + e.getClass().getSimpleName() + ": " + detail + ")", cause);
    }
    if (e instanceof SocketTimeoutException) {
      boolean connect = !responseStarted && detail.toLowerCase(Locale.ROOT).contains("connect");
      String what = connect
          ? "connect timeout: no connection within " + human(timeouts.connect())
          : "read timeout: no data for " + human(timeouts.read())
              + (responseStarted ? " while reading the response" : " while waiting for it");
      return new TransportException(
          provider, TransportException.Kind.TIMEOUT, !connect, what, cause);
    }
    if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
      // OkHttp's call timeout: the whole call's deadline, not a silence on the socket.
      return new TransportException(
          provider, TransportException.Kind.TIMEOUT, true,
          "total timeout: the call passed its deadline of " + human(timeouts.total())
              + (timeouts.totalFromRequest() ? " (the request's remaining deadline)"
                  : " (timeouts.total)")
              + (responseStarted ? " while reading the response" : ""), cause);
    }
    if ("Canceled".equalsIgnoreCase(String.valueOf(e.getMessage()))) {
      return new TransportException(
          provider, TransportException.Kind.IO, true, "the call was cancelled", cause);
    }
    if (e instanceof InterruptedIOException) {
      return new TransportException(
          provider, TransportException.Kind.IO, true,
          "the calling thread was interrupted (" + detail + ")", cause);
    }
    return new TransportException(
        provider, TransportException.Kind.IO, true,
        "connection failed (" + e.getClass().getSimpleName() + ": " + detail + ")", cause);
  }

  /**
   * The exception for a reply that parsed but could not become a response (a value broke its
   * type's rules): a {@link ResponseParseException} whose message names the failure, scrubbed.
   *
   * @param provider the provider instance
   * @param e what the reading code threw
   * @param redactor removes secrets from the message
   * @return the exception
   */
  public static ResponseParseException unreadable(String provider, RuntimeException e,
      Redactor redactor) {
    return new ResponseParseException(provider, "the reply could not be read ("
        + e.getClass().getSimpleName() + ": "
        + redactor.excerpt(String.valueOf(e.getMessage()), 300) + ")", null);
  }

  /**
   * Stands in for an I/O failure as the cause of a {@link TransportException}: the original's
   * class name and stack trace, its message scrubbed, and no further cause.
   */
  static final class Scrubbed extends IOException {
    private static final long serialVersionUID = 1L;

    Scrubbed(IOException original, String scrubbedMessage) {
      super(original.getClass().getName() + ": " + scrubbedMessage);
      setStackTrace(original.getStackTrace());
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // the original's trace is copied in
    }
  }

  /** {@code 5s}, {@code 1.5s}, {@code 250ms}, {@code 10m}; "its configured time" when unknown. */
  static String human(Duration d) {
    if (d.isZero()) {
      return "its configured time";
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 60_000 == 0) {
      return (ms / 60_000) + "m";
    }
    return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
