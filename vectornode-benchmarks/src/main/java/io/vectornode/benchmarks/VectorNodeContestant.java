package io.vectornode.benchmarks;

import io.vectornode.ChatRequest;
import io.vectornode.ChatStream;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;

/** What the VectorNode contestants share: one {@link ModelClient} and one request, called as an
 * application would. */
abstract class VectorNodeContestant implements Contestant {
  final ModelClient client;
  private final ChatRequest request;

  VectorNodeContestant(ModelClient client, ChatRequest request) {
    this.client = client;
    this.request = request;
  }

  @Override
  public String chat() {
    return client.chat(request).text();
  }

  @Override
  public int stream() {
    int n = 0;
    try (ChatStream s = client.stream(request)) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public AutoCloseable openAndReadFirst() {
    ChatStream s = client.stream(request);
    s.iterator().next();
    return s;
  }

  @Override
  public void close() {
    client.close();
  }
}
