package io.vectornode.examples;

import io.vectornode.EmbeddingRequest;
import io.vectornode.EmbeddingResponse;
import io.vectornode.ModelClient;
import io.vectornode.routing.VectorNode;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeddings: a tiny semantic search. Embeds a handful of documents in one call (any number of
 * inputs: the client splits them into the provider's batches and keeps their order), embeds the
 * question, and ranks the documents by cosine similarity.
 *
 * <pre>
 * OPENAI_API_KEY=sk-... java -cp vectornode-examples/target/vectornode.jar \
 *     io.vectornode.examples.SemanticSearch
 * # or with a config file and a deployment or route name:
 * java -cp vectornode-examples/target/vectornode.jar io.vectornode.examples.SemanticSearch \
 *     vectornode.yaml embeddings
 * </pre>
 */
public final class SemanticSearch {
  /** The documents searched. */
  static final List<String> DOCUMENTS = List.of(
      "Retries back off exponentially and honour Retry-After.",
      "A circuit breaker stops calling a deployment that keeps failing.",
      "Budgets reserve the worst case before a call and settle to the real cost after it.",
      "Streams commit at the first token; after that a failure keeps the partial text.");

  private SemanticSearch() {}

  /**
   * Runs the example.
   *
   * @param args optionally a config file, then a model, deployment or route name
   */
  public static void main(String[] args) {
    try (ModelClient ai = args.length > 0 ? VectorNode.fromConfig(Path.of(args[0]))
        : VectorNode.fromEnvironment()) {
      String model = args.length > 1 ? args[1] : "openai/text-embedding-3-small";
      search(ai, model, DOCUMENTS, "How do I keep a runaway bill in check?", System.out);
    }
  }

  /**
   * Finds the document closest to a question.
   *
   * @param ai the client
   * @param model the embedding model, deployment or route
   * @param documents the documents
   * @param question the question
   * @param out where to print the answer and what it cost
   * @return the index of the closest document
   */
  static int search(ModelClient ai, String model, List<String> documents, String question,
      PrintStream out) {
    EmbeddingResponse docs = ai.embed(EmbeddingRequest.builder().model(model)
        .inputs(documents).tag("feature", "search").build());
    EmbeddingResponse q = ai.embed(EmbeddingRequest.builder().model(model).input(question)
        .tag("feature", "search").build());
    FloatBuffer query = q.buffer(0);
    int best = 0;
    double bestScore = -2;
    for (int i = 0; i < docs.size(); i++) {
      double score = cosine(query, docs.buffer(i)); // read-only views: no copy of the vectors
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    out.printf("closest: \"%s\" (cosine %.3f)%n", documents.get(best), bestScore);
    out.println(docs.size() + " vectors of " + docs.dimensions() + " dimensions, "
        + (docs.usage().inputTokens() + q.usage().inputTokens()) + " tokens, cost "
        + docs.cost().plus(q.cost()).usd()
            .map(usd -> "$" + usd.stripTrailingZeros().toPlainString()).orElse("unknown"));
    return best;
  }

  private static double cosine(FloatBuffer a, FloatBuffer b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.limit(); i++) {
      dot += a.get(i) * b.get(i);
      na += a.get(i) * a.get(i);
      nb += b.get(i) * b.get(i);
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
