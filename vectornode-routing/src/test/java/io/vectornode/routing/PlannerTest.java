package io.vectornode.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.catalog.Capability;
import io.vectornode.spi.ProviderConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner's precomputed, allocation-light path must order exactly as the general path does:
 * same eligibility, same strategy, same random draws, same refusal message.
 */
class PlannerTest {
  /** provider type, model: a mix of capabilities, windows and output caps, one not catalogued. */
  private static final String[][] MODELS = {
      {"openai", "gpt-4o-mini"}, {"openai", "o3-mini"}, {"groq", "llama-3.1-8b-instant"},
      {"deepseek", "deepseek-reasoner"}, {"openai", "not-in-the-catalog"},
      {"anthropic", "claude-haiku-4-5"}};

  private Router router;

  @BeforeEach
  void setUp() {
    VectorNode.Builder b = VectorNode.builder().logCalls(false).seed(1);
    for (String type : Set.of("openai", "groq", "deepseek", "anthropic")) {
      b.provider(ProviderConfig.builder(type).type(type).apiKey("sk-planner-test-0123456789")
          .baseUrl("http://127.0.0.1:9/v1").build());
    }
    List<RouteTarget> targets = new ArrayList<>();
    for (int i = 0; i < MODELS.length; i++) {
      b.model("d" + i, MODELS[i][0], MODELS[i][1]);
      targets.add(new RouteTarget("d" + i, 1 + i % 4));
    }
    for (Strategy s : Strategy.values()) {
      b.route(new Route(s.name(), s, targets, Set.of(), null, Hedging.OFF));
      b.route(new Route(s.name() + "-reasoning", s, targets, Set.of(Capability.REASONING), null,
          Hedging.OFF));
      List<RouteTarget> known = new ArrayList<>(targets);
      known.remove(4); // without the uncatalogued model, which passes every check
      b.route(new Route(s.name() + "-known", s, known, Set.of(), null, Hedging.OFF));
    }
    router = b.router();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  private static ChatRequest request(Random r, String task) {
    ChatRequest.Builder b = ChatRequest.builder().task(task);
    if (r.nextInt(4) == 0) {
      b.message(Message.user(new ContentPart.Text("look"),
          new ContentPart.ImageUrl(URI.create("https://example.com/a.png"), ImageDetail.AUTO)));
    } else {
      b.user("x".repeat(r.nextInt(3) == 0 ? 600_000 : 40)); // ~150k tokens: beyond some windows
    }
    if (r.nextInt(3) == 0) {
      b.tool(Tool.of("lookup", "Looks up", "{\"type\":\"object\"}"));
    }
    if (r.nextInt(4) == 0) {
      b.responseFormat(new ResponseFormat.JsonSchema("answer", "{\"type\":\"object\"}", true));
    }
    int out = r.nextInt(4);
    b.maxOutputTokens(out == 0 ? null : out == 1 ? 100 : out == 2 ? 20_000 : 90_000);
    return b.build();
  }

  private static List<String> names(List<DeploymentState> order) {
    List<String> n = new ArrayList<>();
    order.forEach(d -> n.add(d.name()));
    return n;
  }

  /**
   * The planner written the obvious way (lists, no bit masks, no lazy draws), as the oracle the
   * real one must match: same eligibility, same refusal message, same order for the same draws.
   */
  private static List<DeploymentState> reference(Random random, ChatRequest r, Route route,
      java.util.Map<String, DeploymentState> states, long inputEstimate) {
    Set<Capability> needs = Planner.needs(r, route);
    long maxOut = r.maxOutputTokens().orElse(0);
    List<DeploymentState> eligible = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (RouteTarget t : route.targets()) {
      DeploymentState d = states.get(t.deployment());
      String missing = Planner.missing(d.info, needs, inputEstimate, maxOut);
      if (missing == null) {
        eligible.add(d);
        weights.add(t.weight());
      } else {
        refusals.add(d.name() + " " + missing);
      }
    }
    if (eligible.isEmpty()) {
      throw new io.vectornode.error.RoutingException("no deployment of route '" + route.name()
          + "' can serve this request: " + String.join("; ", refusals), List.of());
    }
    switch (route.strategy()) {
      case FALLBACK:
        return eligible;
      case WEIGHTED: {
        List<DeploymentState> left = new ArrayList<>(eligible);
        List<Integer> w = new ArrayList<>(weights);
        List<DeploymentState> out = new ArrayList<>();
        while (!left.isEmpty()) {
          int total = w.stream().mapToInt(Integer::intValue).sum();
          int pick = (int) (((random.nextInt() & 0xFFFFFFFFL) * total) >>> 32);
          int i = 0;
          while (pick >= w.get(i)) {
            pick -= w.get(i++);
          }
          out.add(left.remove(i));
          w.remove(i);
        }
        return out;
      }
      case LEAST_LATENCY: {
        List<DeploymentState> out = new ArrayList<>(eligible);
        out.sort(java.util.Comparator.comparingDouble(d -> {
          double v = d.latency.ewma();
          return Double.isNaN(v) ? -1 : v;
        }));
        if (random.nextDouble() < Planner.EXPLORATION && out.size() > 1) {
          out.add(0, out.remove(1 + random.nextInt(out.size() - 1)));
        }
        return out;
      }
      default: {
        long out = maxOut > 0 ? maxOut : 500;
        List<DeploymentState> sorted = new ArrayList<>(eligible);
        sorted.sort(java.util.Comparator.comparing(
            (DeploymentState d) -> Planner.estimate(d.info, inputEstimate, out),
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        return sorted;
      }
    }
  }

  @Test
  void aRouteOfMoreThan63Deployments_isRefusedNamingTheLimit() {
    List<RouteTarget> many = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      many.add(new RouteTarget("d" + i, 1));
    }
    assertThatThrownBy(() -> new Route("big", Strategy.FALLBACK, many, Set.of(), null,
        Hedging.OFF)).hasMessageContaining("routes.big.targets")
        .hasMessageContaining("at most 63");
  }

  @Test
  void preparedPath_ordersExactlyAsTheReference() {
    Random gen = new Random(2026);
    int refused = 0;
    int partial = 0;
    for (int i = 0; i < 2_000; i++) {
      Strategy s = Strategy.values()[gen.nextInt(Strategy.values().length)];
      String task = s.name() + List.of("", "-reasoning", "-known").get(gen.nextInt(3));
      ChatRequest req = request(gen, task);
      Router.Resolved resolved = router.resolve(req);
      long estimate = TokenEstimate.input(req);
      Planner fast = new Planner(new Random(i));
      Random slow = new Random(i);
      Throwable fastError = catchThrowable(() -> fast.order(req, resolved.plan(), estimate));
      Throwable slowError = catchThrowable(() -> reference(slow, req, resolved.route(),
          resolved.states(), estimate));
      if (slowError != null) {
        refused++;
        assertThat(fastError).as("request %d on %s", i, task)
            .isInstanceOf(slowError.getClass()).hasMessage(slowError.getMessage());
        continue;
      }
      assertThat(fastError).as("request %d on %s", i, task).isNull();
      List<String> expected = names(reference(new Random(i), req, resolved.route(),
          resolved.states(), estimate));
      List<String> actual = names(new Planner(new Random(i)).order(req, resolved.plan(),
          estimate));
      assertThat(actual).as("request %d on %s", i, task).isEqualTo(expected);
      if (expected.size() < MODELS.length) {
        partial++;
      }
    }
    // The generated requests exercise refusals and partial eligibility, not only the easy case.
    assertThat(refused).isGreaterThan(50);
    assertThat(partial).isGreaterThan(500);
  }

  @Test
  void fallbackWithEveryTargetEligible_reusesOneList() {
    ChatRequest req = ChatRequest.builder().task("FALLBACK").user("hi").build();
    Router.Resolved resolved = router.resolve(req);
    Planner p = new Planner(new Random(1));
    List<DeploymentState> a = p.order(req, resolved.plan(), TokenEstimate.input(req));
    List<DeploymentState> b = p.order(req, resolved.plan(), TokenEstimate.input(req));
    assertThat(a).isSameAs(b).hasSize(MODELS.length);
    assertThat(router.resolve(req)).isSameAs(resolved);
  }

  @Test
  void candidates_readTheOrderOnlyAsFarAsNeeded() {
    List<DeploymentState> all = new ArrayList<>();
    for (int i = 0; i < MODELS.length; i++) {
      all.add(router.deployment("d" + i));
    }
    int[] reads = {0};
    List<DeploymentState> counting = new java.util.AbstractList<>() {
      @Override
      public DeploymentState get(int index) {
        reads[0]++;
        return all.get(index);
      }

      @Override
      public int size() {
        return all.size();
      }
    };
    List<String> skipped = new ArrayList<>();
    Candidates c = new Candidates(counting, skipped::add);
    assertThat(c.forced()).isFalse();
    assertThat(c.peek().name()).isEqualTo("d0");
    assertThat(reads[0]).isEqualTo(1); // the decision looks at the first deployment only
    assertThat(c.poll().name()).isEqualTo("d0");
    c.removeIf(d -> d.name().equals("d1") || d.name().equals("d3"));
    assertThat(c.poll().name()).isEqualTo("d2");
    assertThat(reads[0]).isEqualTo(3);
    c.only(all.get(5));
    assertThat(c.poll().name()).isEqualTo("d5");
    assertThat(c.isEmpty()).isTrue();
    assertThat(c.poll()).isNull();
    assertThat(reads[0]).isEqualTo(3); // only() closes the order
    assertThat(skipped).isEmpty();
  }

  @Test
  void weightedOrder_drawsOnlyWhatIsRead() {
    ChatRequest req = ChatRequest.builder().task("WEIGHTED").user("hi").build();
    Router.Resolved resolved = router.resolve(req);
    int[] draws = {0};
    Random counting = new Random(5) {
      @Override
      public int nextInt() {
        draws[0]++;
        return super.nextInt();
      }
    };
    List<DeploymentState> order = new Planner(counting).order(req, resolved.plan(),
        TokenEstimate.input(req));
    assertThat(order).hasSize(MODELS.length);
    assertThat(draws[0]).isZero();
    order.get(0);
    assertThat(draws[0]).isEqualTo(1);
    assertThat(new java.util.HashSet<>(names(order))).hasSize(MODELS.length); // a permutation
    assertThat(draws[0]).isEqualTo(MODELS.length);
    assertThatThrownBy(() -> order.get(MODELS.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
