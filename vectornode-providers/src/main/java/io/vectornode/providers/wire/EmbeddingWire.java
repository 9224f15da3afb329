package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonParser;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.Request;

/**
 * One provider API's embeddings endpoint: how a batch is written and its answer read.
 * {@link HttpModelClient#embed} does the HTTP, the splitting and the error mapping around it.
 * Implementations are immutable and thread-safe.
 */
interface EmbeddingWire {

  /** @return the most inputs one request may carry */
  int maxInputs();

  /**
   * @return the most input tokens one request may carry in total (OpenAI 300,000), or {@code
   *     Long.MAX_VALUE} for none: batches are also cut by the inputs' UTF-8 byte bound
   */
  default long maxTokens() {
    return Long.MAX_VALUE;
  }

  /**
   * The most bytes a batch's answer may have: a vector printed as JSON numbers takes about 20
   * bytes a value, so a batch of 2,048 vectors of 3,072 values is over 100 MB as text; as base64
   * about a quarter of that.
   *
   * @param inputs the batch's inputs
   * @param configured the instance's {@code maxResponseBytes}
   * @return the bound
   */
  long maxBody(int inputs, long configured);

  /**
   * Builds the HTTP request of one batch.
   *
   * @param batch the batch, at most {@link #maxInputs()} inputs
   * @param model the model id to send
   * @return the request
   */
  Request httpRequest(EmbeddingRequest batch, String model);

  /**
   * Reads a successful answer, checking that it holds exactly one vector per input, each input
   * once, all of one length.
   *
   * @param body the parser, on the body's opening {@code START_OBJECT}
   * @param batch the batch it answers
   * @param model the model requested (the response names it, not the server's string)
   * @param latency asked once the body is read
   * @return the vectors in input order
   * @throws IOException when reading fails
   * @throws io.vectornode.error.ResponseParseException when the answer breaks the contract
   */
  EmbeddingResponse read(JsonParser body, EmbeddingRequest batch, String model,
      Supplier<Duration> latency) throws IOException;
}
