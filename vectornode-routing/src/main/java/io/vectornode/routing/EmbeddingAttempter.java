package io.vectornode.routing;

import io.vectornode.ChatRequest;
import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.ModelClient;
import io.vectornode.Usage;
import io.vectornode.error.ResponseParseException;
import io.vectornode.error.UnsupportedFeatureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of one embedding call. An attempt sends the inputs not yet embedded in batches
 * of the deployment's size ({@link ModelClient#maxEmbeddingInputs()}), one HTTP request each; a
 * batch that fails ends the attempt, and the retry on the same deployment resumes at that batch,
 * keeping the vectors already made (same model, same vectors). A fallback to another deployment
 * starts over: vectors of two models must never be mixed in one answer. Each attempt reports the
 * usage of the batches it sent (so a failed attempt is charged what it was billed).
 *
 * <p>One per call, used by one thread at a time (the attempt loop; embeddings are not hedged).
 */
final class EmbeddingAttempter implements Attempter<EmbeddingResponse> {
  private final EmbeddingRequest request;
  private final List<EmbeddingResponse> done = new ArrayList<>();
  /** The deployment whose vectors {@link #done} holds. */
  private @Nullable DeploymentState doneOn;
  /** The first input without a vector. */
  private int next;
  /** Upstream requests sent, all attempts together. */
  int batches;

  private final io.vectornode.spi.Ticker ticker;

  EmbeddingAttempter(EmbeddingRequest request, io.vectornode.spi.Ticker ticker) {
    this.request = request;
    this.ticker = ticker;
  }

  @Override
  public EmbeddingResponse run(DeploymentState d, ChatRequest aimed, Scratch scratch) {
    if (doneOn != d) {
      done.clear();
      next = 0;
      doneOn = d;
    }
    ModelClient client = java.util.Objects.requireNonNull(scratch.key, "key").client;
    int max = client.maxEmbeddingInputs();
    long maxTokens = client.maxEmbeddingTokens();
    if (max <= 0) {
      throw new UnsupportedFeatureException(d.deployment.provider(), "embeddings",
          "deployment '" + d.name() + "' serves no embeddings");
    }
    // The attempt's time left bounds all its batches together: each gets what remains of it.
    long begun = ticker.read();
    long left = aimed.timeout().map(Duration::toNanos).orElse(Long.MAX_VALUE);
    List<String> in = request.inputs();
    Usage sent = Usage.ZERO;
    while (next < in.size()) {
      if (scratch.cancelled()) {
        throw new CancellationException("cancelled between embedding batches");
      }
      int end = batchEnd(in, next, max, maxTokens);
      batches++;
      EmbeddingRequest target = request.withTarget(d.deployment.model(),
          left == Long.MAX_VALUE ? null
              : Duration.ofNanos(Math.max(1, left - (ticker.read() - begun))));
      EmbeddingResponse part = client.embed(next == 0 && end == in.size() ? target
          : target.withInputs(in.subList(next, end)));
      if (part.size() != end - next) {
        // A provider's contract; a third-party client that breaks it must not misalign vectors.
        throw new ResponseParseException(d.deployment.provider(), "embeddings: " + part.size()
            + " vectors for " + (end - next) + " inputs", null);
      }
      if (!done.isEmpty() && part.dimensions() != done.get(0).dimensions()) {
        throw new ResponseParseException(d.deployment.provider(), "embeddings: a batch's vectors"
            + " have " + part.dimensions() + " dimensions, the earlier batches' "
            + done.get(0).dimensions(), null);
      }
      done.add(part);
      next = end;
      sent = sent.plus(part.usage());
      scratch.usage = sent;
      if (part.usageEstimated()) {
        scratch.usageEstimated = true;
      }
    }
    return EmbeddingResponse.join(done);
  }

  /**
   * Where the batch starting at {@code from} ends: at most {@code maxInputs} inputs and, past its
   * first input, at most {@code maxTokens} tokens by the UTF-8 byte bound (the client's own rule,
   * {@link ModelClient#maxEmbeddingTokens()}, so that each batch is one upstream request).
   */
  static int batchEnd(List<String> in, int from, int maxInputs, long maxTokens) {
    int limit = (int) Math.min(in.size(), (long) from + maxInputs);
    if (maxTokens == Long.MAX_VALUE) {
      return limit;
    }
    long tokens = 0;
    int end = from;
    while (end < limit) {
      String s = in.get(end);
      long t = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        t += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      }
      if (end > from && tokens + t > maxTokens) {
        break;
      }
      tokens += t;
      end++;
    }
    return end;
  }
}
