package io.vectornode.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.vectornode.Usage;
import io.vectornode.error.BudgetExceededException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ContextLengthExceededException;
import io.vectornode.error.NotFoundException;
import io.vectornode.error.PermissionDeniedException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.ProviderException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.RoutingException;
import io.vectornode.error.ServiceUnavailableException;
import io.vectornode.error.StreamInterruptedException;
import io.vectornode.error.TransportException;
import io.vectornode.error.VectorNodeException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented table: which LangChain4j exception each VectorNode failure becomes. */
class ErrorsTest {
  private static ProviderError error(int status, boolean retryable) {
    return new ProviderError("openai", status, "code", "the provider said no", "req_1", retryable,
        null, Map.of());
  }

  private static void mapsTo(VectorNodeException e, Class<? extends LangChain4jException> type) {
    LangChain4jException mapped = Errors.map(e);
    assertThat(mapped).as(e.getClass().getSimpleName()).isExactlyInstanceOf(type);
    assertThat(mapped.getCause()).isSameAs(e);
    assertThat(mapped.getMessage()).isEqualTo(e.getMessage());
  }

  @Test
  void eachVectorNodeFailure_becomesTheLangChain4jTypeItsStatusWouldGive() {
    mapsTo(new io.vectornode.error.AuthenticationException(error(401, false)),
        AuthenticationException.class);
    mapsTo(new PermissionDeniedException(error(403, false)), AuthenticationException.class);
    mapsTo(new NotFoundException(error(404, false)), ModelNotFoundException.class);
    mapsTo(new io.vectornode.error.RateLimitException(error(429, true), false),
        RateLimitException.class);
    mapsTo(new io.vectornode.error.InvalidRequestException(error(400, false)),
        InvalidRequestException.class);
    mapsTo(new ContextLengthExceededException(error(400, false)), InvalidRequestException.class);
    mapsTo(new io.vectornode.error.ContentFilteredException(error(400, false), "part"),
        ContentFilteredException.class);
    mapsTo(new ServiceUnavailableException(error(503, true)), InternalServerException.class);
    mapsTo(new ProviderException(error(500, true)), InternalServerException.class);
    mapsTo(new ProviderException(error(408, true)), TimeoutException.class);
    mapsTo(new ProviderException(error(409, true)), RetriableException.class);
    mapsTo(new ProviderException(error(422, false)), InvalidRequestException.class);
    mapsTo(new TransportException("openai", TransportException.Kind.TIMEOUT, true, "read timed out",
        null), TimeoutException.class);
    mapsTo(new TransportException("openai", TransportException.Kind.CONNECT, false, "refused",
        null), RetriableException.class);
    mapsTo(new ConfigurationException("model", "no route named 'x'"),
        InvalidRequestException.class);
    mapsTo(new BudgetExceededException("daily", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO,
        new BigDecimal("0.01")), NonRetriableException.class);
    mapsTo(new StreamInterruptedException("cut", "Hel", Usage.ZERO,
        new TransportException("openai", TransportException.Kind.IO, true, "reset", null)),
        RetriableException.class);
    mapsTo(new ResponseParseException("openai", "not JSON", null), LangChain4jException.class);
    mapsTo(new RoutingException("no deployment can serve the request", List.of()),
        LangChain4jException.class);
  }

  @Test
  void anythingElse_isLeftAsItIs() {
    IllegalStateException bug = new IllegalStateException("a handler bug");

    assertThat(Errors.mapAny(bug)).isSameAs(bug);
  }
}
