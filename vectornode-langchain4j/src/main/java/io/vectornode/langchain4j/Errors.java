package io.vectornode.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.PermissionDeniedException;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.StateUnavailableException;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;

/**
 * Maps VectorNode's exceptions to the ones LangChain4j's own models throw (its {@code
 * ExceptionMapper}: 401/403 authentication, 404 model not found, 408 timeout, 429 rate limit,
 * other 4xx invalid request, 5xx internal server error), so that code written against
 * LangChain4j catches them where it expects to. The VectorNode exception is always the cause,
 * with its message (already redacted of secrets): {@code e.getCause()} gives the typed detail
 * (status, provider, retry-after, partial text, every attempt).
 *
 * <p>The table is in the module's README section and {@link VectorNodeChatModel}.
 */
final class Errors {
  private Errors() {}

  /**
   * The LangChain4j exception for a VectorNode failure.
   *
   * @param e the failure
   * @return the exception to throw or report
   */
  static LangChain4jException map(VectorNodeException e) {
    String m = e.getMessage();
    // Order matters: subclasses before their parents.
    if (e instanceof io.vectornode.error.ContentFilteredException) {
      return new ContentFilteredException(m, e);
    }
    if (e instanceof io.vectornode.error.AuthenticationException
        || e instanceof PermissionDeniedException) {
      return new AuthenticationException(m, e);
    }
    if (e instanceof NotFoundException) {
      return new ModelNotFoundException(m, e);
    }
    if (e instanceof io.vectornode.error.RateLimitException) {
      return new RateLimitException(m, e);
    }
    if (e instanceof ContextLengthExceededException
        || e instanceof io.vectornode.error.InvalidRequestException
        || e instanceof ConfigurationException) {
      return new InvalidRequestException(m, e);
    }
    if (e instanceof ServiceUnavailableException) {
      return new InternalServerException(m, e);
    }
    if (e instanceof ProviderException p) {
      return p.status() >= 500 ? new InternalServerException(m, e)
          : p.status() == 408 ? new TimeoutException(m, e)
          : p.retryable() ? new RetriableException(m, e) : new InvalidRequestException(m, e);
    }
    if (e instanceof TransportException t) {
      return t.kind() == TransportException.Kind.TIMEOUT ? new TimeoutException(m, e)
          : new RetriableException(m, e);
    }
    if (e instanceof BudgetExceededException) {
      // A budget refuses until its period ends: retrying at once cannot help.
      return new NonRetriableException(m, e);
    }
    if (e instanceof StreamInterruptedException || e instanceof StateUnavailableException) {
      return new RetriableException(m, e);
    }
    // RoutingException (no deployment could serve, or the deadline passed before any attempt
    // ended), ResponseParseException and anything newer: by the failure's own retryability.
    return e.retryable() ? new RetriableException(m, e) : new LangChain4jException(m, e);
  }

  /**
   * Maps a VectorNode failure and leaves anything else (a bug, an error thrown by a handler) as
   * it is.
   *
   * @param t the failure
   * @return what to throw or report
   */
  static Throwable mapAny(Throwable t) {
    return t instanceof VectorNodeException e ? map(e) : t;
  }
}
