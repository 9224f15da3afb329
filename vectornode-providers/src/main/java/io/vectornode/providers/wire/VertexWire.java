package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.Secret;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ProviderException;
import io.vectornode.spi.AbstractChatStream;
import io.vectornode.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Gemini and Claude on Google Vertex AI: one wire format for both publishers, chosen per call by
 * the model name ({@code gemini-*} → Google's {@code generateContent} / {@code
 * streamGenerateContent?alt=sse}; {@code claude-*} → Anthropic's {@code rawPredict} / {@code
 * streamRawPredict}; or explicit, {@code google/M} and {@code anthropic/M}). Bodies, replies and
 * streams are the Gemini and Anthropic formats' own ({@link GeminiWire}, {@link AnthropicWire}),
 * with Vertex's differences: an OAuth2 bearer token instead of an API key, the model in the URL,
 * and for Claude {@code anthropic_version} in the body and no {@code model} field.
 *
 * <p>The redactor follows the access token: when a new token is minted, the redactor (and the
 * delegates holding it) is rebuilt to remove that token and the previous one, besides the
 * credentials' own secrets. Thread-safe.
 */
final class VertexWire implements WireFormat {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
  /**
   * The key the Gemini and Anthropic settings want; never sent, as their own request code (the
   * only code that reads it) is not used here.
   */
  static final Secret UNUSED = Secret.of("vertex-ai-uses-oauth2-bearer-tokens");

  /** Who serves a model on Vertex. */
  enum Publisher {
    GOOGLE("google"), ANTHROPIC("anthropic");

    final String segment;

    Publisher(String segment) {
      this.segment = segment;
    }
  }

  /** Where a call goes, carried on the HTTP request as a tag. */
  record Target(Publisher publisher, String model) {}

  private final ProviderConfig config;
  private final HttpUrl publishersUrl;
  private final GoogleTokens tokens;
  private final Map<String, String> headers;
  private final AnthropicSettings anthropic;
  private final String anthropicVersion;
  private final List<String> secrets;
  private final Clock clock;
  private volatile State state;

  /** The delegates and redactor for one access token. */
  private record State(@Nullable String token, Redactor redactor, GeminiWire gemini,
      AnthropicWire anthropic) {
    @Override
    public String toString() {
      return "State[token=[REDACTED]]";
    }
  }

  /**
   * Creates the format.
   *
   * @param config the instance's config
   * @param publishersUrl {@code .../v1/projects/P/locations/L/publishers}
   * @param tokens the access tokens
   * @param headers headers for every request (quota project, configured headers)
   * @param anthropic Claude's settings (max tokens, cache breakpoints, beta header)
   * @param anthropicVersion the body's {@code anthropic_version}
   * @param secrets the credentials' own secrets (private key, refresh token)
   * @param clock the wall clock (Retry-After dates)
   */
  VertexWire(ProviderConfig config, HttpUrl publishersUrl, GoogleTokens tokens,
      Map<String, String> headers, AnthropicSettings anthropic, String anthropicVersion,
      List<String> secrets, Clock clock) {
    this.config = config;
    this.publishersUrl = publishersUrl;
    this.tokens = tokens;
    this.headers = Map.copyOf(headers);
    this.anthropic = anthropic;
    this.anthropicVersion = anthropicVersion;
    this.secrets = List.copyOf(secrets);
    this.clock = clock;
    this.state = state(null, null);
  }

  private State state(@Nullable String token, @Nullable String previous) {
    List<String> all = new ArrayList<>(secrets);
    if (token != null) {
      all.add(token);
    }
    if (previous != null) {
      all.add(previous);
    }
    Redactor r = Redactor.of(config, all);
    return new State(token, r, new GeminiWire(config.name(), config.type(), publishersUrl,
        UNUSED, Map.of(), r, clock), new AnthropicWire(anthropic, r, clock));
  }

  /** The state for the token about to be sent, rebuilt when the token changed. */
  private State stateFor(String token) {
    State s = state;
    if (token.equals(s.token())) {
      return s;
    }
    synchronized (this) {
      s = state;
      if (!token.equals(s.token())) {
        s = state(token, s.token());
        state = s;
      }
      return s;
    }
  }

  /** @return the redactor in force (for {@link HttpModelClient}) */
  Redactor redactor() {
    return state.redactor();
  }

  /** @return the token cache (for tests) */
  GoogleTokens tokens() {
    return tokens;
  }

  @Override
  public String provider() {
    return config.name();
  }

  /**
   * Where a model is served: by its name's prefix, or an explicit {@code publisher/model}.
   *
   * @param model the model id, without the instance prefix
   * @return the target
   * @throws ConfigurationException naming the model when neither tells
   */
  static Target target(String model) {
    String m = model.startsWith("publishers/") ? model.substring("publishers/".length()) : model;
    Publisher p = null;
    int slash = m.indexOf('/');
    if (slash > 0) {
      String pub = m.substring(0, slash);
      m = m.substring(slash + 1);
      if (m.startsWith("models/")) {
        m = m.substring("models/".length());
      }
      p = pub.equals("google") ? Publisher.GOOGLE : pub.equals("anthropic")
          ? Publisher.ANTHROPIC : null;
      if (p == null) {
        throw new ConfigurationException("model", "vertex-ai speaks to the google (Gemini) and"
            + " anthropic (Claude) publishers, not '" + printable(pub) + "'");
      }
    } else if (m.startsWith("claude-")) {
      p = Publisher.ANTHROPIC;
    } else if (m.startsWith("gemini-")) {
      p = Publisher.GOOGLE;
    }
    if (!MODEL.matcher(m).matches()) {
      throw new ConfigurationException("model", "is not a Vertex AI model id, was '"
          + printable(model) + "'");
    }
    if (p == null) {
      throw new ConfigurationException("model", "vertex-ai cannot tell who publishes '" + m
          + "': name gemini-* or claude-* models, or write google/" + m + " or anthropic/" + m);
    }
    return new Target(p, m);
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  @Override
  public Request httpRequest(ChatRequest request, String model, boolean stream) {
    Target t = target(model);
    String token = tokens.token();
    State s = stateFor(token);
    HttpUrl.Builder url = publishersUrl.newBuilder().addPathSegment(t.publisher().segment)
        .addPathSegment("models");
    Request.Builder b = new Request.Builder()
        .header("Authorization", "Bearer " + token)
        .header("User-Agent", "vectornode/0.1")
        .tag(Target.class, t);
    if (t.publisher() == Publisher.GOOGLE) {
      url.addPathSegment(t.model() + (stream ? ":streamGenerateContent" : ":generateContent"));
      if (stream) {
        url.addQueryParameter("alt", "sse");
      }
      b.post(RequestBody.create(
          GeminiRequestWriter.write(request, config.name(), config.type()), JSON));
    } else {
      url.addPathSegment(t.model() + (stream ? ":streamRawPredict" : ":rawPredict"));
      // Claude's defaults (max_tokens) know dated ids with '-', Vertex writes them with '@'.
      byte[] body = AnthropicRequestWriter.write(request, t.model().replace('@', '-'), stream,
          anthropic);
      b.header("Accept", stream ? "text/event-stream" : "application/json")
          .post(RequestBody.create(vertexBody(body, anthropicVersion), JSON));
      anthropic.headers().forEach(b::header);
      String jsonTool = AnthropicRequestWriter.jsonTool(request);
      if (jsonTool != null) {
        b.tag(AnthropicWire.JsonTool.class, new AnthropicWire.JsonTool(jsonTool));
      }
    }
    headers.forEach(b::header);
    return b.url(url.build()).build();
  }

  /**
   * A Messages body as Vertex wants it: {@code anthropic_version} first, no {@code model}.
   * Copied token by token (no tree), so a body with large images costs one pass.
   *
   * @param body the Messages body
   * @param version the {@code anthropic_version}
   * @return the Vertex body
   */
  static byte[] vertexBody(byte[] body, String version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 48);
    try (JsonParser p = Json.FACTORY.createParser(body);
        JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the Messages body is not an object");
      }
      g.writeStartObject();
      g.writeStringField("anthropic_version", version);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("model") || name.equals("anthropic_version")) {
          p.skipChildren();
          continue;
        }
        g.writeFieldName(name);
        g.copyCurrentStructure(p);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("rewriting a body in memory cannot fail", e);
    }
    return out.toByteArray();
  }

  @Override
  public ChatResponse read(JsonParser body, Request request, String model, Headers h,
      Supplier<Duration> latency) throws IOException {
    Target t = request.tag(Target.class);
    State s = state;
    return t != null && t.publisher() == Publisher.ANTHROPIC
        ? s.anthropic().read(body, request, model, h, latency)
        : s.gemini().read(body, request, model, h, latency);
  }

  /**
   * Maps an error. Vertex's front end answers in Google's format ({@code {"error": {"code",
   * "message", "status"}}}: authentication, quota, unknown model) for both publishers; Claude's
   * own errors come through {@code rawPredict} in Anthropic's ({@code {"type": "error", "error":
   * {"type", "message"}}}). The shape tells which. A 401 also drops the cached token; when a
   * new token will be minted for the next call (the refused one was not just minted), the 401 is
   * retryable: an access token that expired or was revoked early is a passing state, not a dead
   * key, so a router retries with a new token instead of disabling the deployment's key.
   */
  @Override
  public ProviderException error(int status, Headers h, String body) {
    boolean renewed = status == 401 && tokens.invalidate();
    State s = state;
    JsonNode root = ProviderErrors.json(body);
    JsonNode err = root == null ? null : root.get("error");
    boolean anthropicShape = err != null && err.isObject() && err.has("type")
        && !err.has("status");
    ProviderException e = anthropicShape ? s.anthropic().error(status, h, body)
        : s.gemini().error(status, h, body);
    if (renewed && e instanceof io.vectornode.error.AuthenticationException a
        && !a.retryable()) {
      io.vectornode.error.AuthenticationException r =
          new io.vectornode.error.AuthenticationException(a.error().withRetryable(true));
      r.setStackTrace(a.getStackTrace());
      return r;
    }
    return e;
  }

  @Override
  public AbstractChatStream stream(StreamContext context) {
    Target t = context.call().request().tag(Target.class);
    State s = state;
    return t != null && t.publisher() == Publisher.ANTHROPIC ? s.anthropic().stream(context)
        : s.gemini().stream(context);
  }

  @Override
  public String toString() {
    // Without the query: a gateway may take a key there.
    return "VertexWire[" + config.name() + ", "
        + publishersUrl.newBuilder().query(null).username("").password("").build() + "]";
  }
}
