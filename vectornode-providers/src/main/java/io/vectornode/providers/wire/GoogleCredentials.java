package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ProviderError;
import io.vectornode.error.TransportException;
import io.vectornode.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Finds a Vertex AI instance's Google credentials, the way Application Default Credentials do,
 * without Google's libraries: the config's {@code options.credentials} (the JSON itself) or
 * {@code options.credentialsFile}, then the file named by {@code GOOGLE_APPLICATION_CREDENTIALS},
 * then gcloud's {@code application_default_credentials.json}, then the metadata server of a
 * Google Cloud machine. A JSON file is a service account's key ({@code service_account}) or a
 * gcloud user's refresh token ({@code authorized_user}); other types are refused by name.
 */
final class GoogleCredentials {
  static final String TOKEN_URL = "https://oauth2.googleapis.com/token";
  static final String METADATA_PATH =
      "/computeMetadata/v1/instance/service-accounts/default/token";
  static final String METADATA_HOST = "metadata.google.internal";
  /** A key file is about 2.3 KB. */
  static final int MAX_FILE = 64 * 1024;

  private GoogleCredentials() {}

  /**
   * What was found.
   *
   * @param source where tokens come from
   * @param projectId the project the credentials name ({@code project_id}), or null
   * @param quotaProject the project to bill ({@code quota_project_id}), or null
   */
  record Found(GoogleTokenSource source, @Nullable String projectId,
      @Nullable String quotaProject) {}

  /**
   * What the search reads besides the config: environment variables and the home directory.
   * Tests pass their own; the provider passes the process's.
   *
   * @param env environment variables by name
   * @param home the user's home directory, or null
   */
  record Environment(Function<String, @Nullable String> env, @Nullable Path home) {
    /** @return the process's environment and home */
    static Environment system() {
      String home = System.getProperty("user.home");
      return new Environment(System::getenv, home == null ? null : Path.of(home));
    }

    /** gcloud's well-known file, or null when there is no home to look in. */
    @Nullable Path wellKnownFile() {
      String dir = env.apply("CLOUDSDK_CONFIG");
      if (dir != null && !dir.isBlank()) {
        return Path.of(dir, "application_default_credentials.json");
      }
      String appData = env.apply("APPDATA");
      if (appData != null && !appData.isBlank()
          && System.getProperty("os.name", "").startsWith("Windows")) {
        return Path.of(appData, "gcloud", "application_default_credentials.json");
      }
      return home == null ? null
          : home.resolve(".config/gcloud/application_default_credentials.json");
    }
  }

  /**
   * Finds the credentials.
   *
   * @param config the instance's config
   * @param http how token sources reach their endpoints
   * @param environment the environment variables and home to search
   * @return what was found; the metadata server when nothing else was
   * @throws ConfigurationException naming the field when a named file or JSON is unusable
   */
  static Found find(ProviderConfig config, GoogleHttp http, Environment environment) {
    String prefix = "providers." + config.name() + ".options.";
    HttpUrl tokenUrl = url(config.option("tokenUrl").orElse(null), prefix + "tokenUrl");
    // Where the credentials themselves are sent: https, as for a file's token_uri.
    if (tokenUrl != null && !(tokenUrl.isHttps() || isLoopback(tokenUrl.host()))) {
      throw new ConfigurationException(prefix + "tokenUrl", "must be an https URL (plain http"
          + " only to a loopback host), was '" + tokenUrl.redact() + "'");
    }
    Object raw = config.options().get("credentials");
    String json = raw == null ? null
        : raw instanceof Map<?, ?> inline ? write(inline) : raw.toString();
    if (json != null) {
      return parse(json, prefix + "credentials", http, tokenUrl);
    }
    String file = config.option("credentialsFile").orElse(null);
    if (file != null) {
      return parse(read(Path.of(file.strip()), prefix + "credentialsFile"),
          prefix + "credentialsFile", http, tokenUrl);
    }
    List<String> tried = new ArrayList<>();
    String gac = environment.env().apply("GOOGLE_APPLICATION_CREDENTIALS");
    if (gac != null && !gac.isBlank()) {
      return parse(read(Path.of(gac.strip()), "GOOGLE_APPLICATION_CREDENTIALS"),
          "GOOGLE_APPLICATION_CREDENTIALS", http, tokenUrl);
    }
    tried.add("options.credentials and options.credentialsFile are unset");
    tried.add("GOOGLE_APPLICATION_CREDENTIALS is unset");
    Path known = environment.wellKnownFile();
    if (known != null && Files.isRegularFile(known)) {
      return parse(read(known, known.toString()), known.toString(), http, tokenUrl);
    }
    tried.add(known == null ? "there is no home directory for gcloud's file"
        : known + " does not exist (gcloud auth application-default login writes it)");
    HttpUrl metadata = url(config.option("metadataUrl").orElse(null), prefix + "metadataUrl");
    if (metadata == null) {
      String host = environment.env().apply("GCE_METADATA_HOST");
      metadata = HttpUrl.parse("http://" + (host == null || host.isBlank() ? METADATA_HOST
          : host.strip()) + METADATA_PATH);
      if (metadata == null) {
        throw new ConfigurationException("GCE_METADATA_HOST", "is not a host[:port], was '"
            + host + "'");
      }
    }
    return new Found(new Metadata(metadata, http, String.join(", ", tried)), null, null);
  }

  /** Credentials written inline as a mapping (YAML, properties) rather than as JSON text. */
  private static String write(Map<?, ?> inline) {
    try {
      return Json.MAPPER.writeValueAsString(inline);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("options.credentials", "could not be read as a mapping");
    }
  }

  private static @Nullable HttpUrl url(@Nullable String value, String field) {
    if (value == null) {
      return null;
    }
    HttpUrl u = HttpUrl.parse(value.strip());
    if (u == null) {
      throw new ConfigurationException(field, "must be an http or https URL, was '" + value
          + "'");
    }
    return u;
  }

  private static String read(Path file, String field) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ConfigurationException(field, "names no readable file: " + file);
      }
      if (Files.size(file) > MAX_FILE) {
        throw new ConfigurationException(field, "names a file of " + Files.size(file)
            + " bytes, larger than a credentials file (" + MAX_FILE + " at most): " + file);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(field, "could not be read (" + e.getClass().getSimpleName()
          + "): " + file);
    }
  }

  /**
   * Reads a credentials JSON.
   *
   * @param json the text
   * @param field where it came from, for messages
   * @param http how token sources reach their endpoints
   * @param tokenUrl the configured token endpoint, overriding the file's, or null
   * @return the credentials
   * @throws ConfigurationException naming the field, never quoting the text
   */
  static Found parse(String json, String field, GoogleHttp http, @Nullable HttpUrl tokenUrl) {
    if (json.length() > MAX_FILE) {
      throw new ConfigurationException(field, "is " + json.length() + " characters, larger than"
          + " a credentials JSON (" + MAX_FILE + " at most)");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the text around the error: only the place is told.
      JsonLocation at = e.getLocation();
      throw new ConfigurationException(field, "is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
          + "; the content is not shown");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(field, "must be a JSON object (a service account key"
          + " or gcloud's application_default_credentials.json)");
    }
    String type = Json.text(root, "type");
    if ("service_account".equals(type)) {
      HttpUrl endpoint = tokenUrl != null ? tokenUrl
          : tokenUri(Json.text(root, "token_uri"), field);
      GoogleServiceAccount sa = new GoogleServiceAccount(required(root, "client_email", field),
          Json.text(root, "private_key_id"), required(root, "private_key", field), endpoint,
          field, http);
      return new Found(sa, Json.text(root, "project_id"), Json.text(root, "quota_project_id"));
    }
    if ("authorized_user".equals(type)) {
      HttpUrl endpoint = tokenUrl != null ? tokenUrl
          : tokenUri(Json.text(root, "token_uri"), field);
      AuthorizedUser user = new AuthorizedUser(required(root, "client_id", field),
          required(root, "client_secret", field), required(root, "refresh_token", field),
          endpoint, http);
      return new Found(user, null, Json.text(root, "quota_project_id"));
    }
    String shown = type == null ? "no type" : "type '" + printable(type) + "'";
    throw new ConfigurationException(field, "holds credentials of " + shown + "; VectorNode reads"
        + " service_account keys and authorized_user files (gcloud auth application-default"
        + " login). For workload identity federation or impersonation, mint a token yourself"
        + " (gcloud auth print-access-token) and set apiKey to it, or run on a machine whose"
        + " metadata server provides one");
  }

  private static String printable(String s) {
    return s.length() > 40 || !s.matches("[A-Za-z0-9_.-]*") ? "(not shown)" : s;
  }

  private static String required(JsonNode root, String name, String field) {
    String v = Json.text(root, name);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException(field, "has no " + name);
    }
    return v;
  }

  private static HttpUrl tokenUri(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      return HttpUrl.get(TOKEN_URL);
    }
    HttpUrl u = HttpUrl.parse(value.strip());
    // The file names where its key is sent: plain http would put the assertion on the network.
    if (u == null || !(u.isHttps() || isLoopback(u.host()))) {
      throw new ConfigurationException(field, "token_uri must be an https URL, was '"
          + printable(value) + "'");
    }
    return u;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }

  /** A gcloud user's refresh token, exchanged at the token endpoint. */
  static final class AuthorizedUser implements GoogleTokenSource {
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final HttpUrl tokenUrl;
    private final GoogleHttp http;

    AuthorizedUser(String clientId, String clientSecret, String refreshToken, HttpUrl tokenUrl,
        GoogleHttp http) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.refreshToken = refreshToken;
      this.tokenUrl = tokenUrl;
      this.http = http;
    }

    @Override
    public Minted mint() {
      Request request = new Request.Builder().url(tokenUrl)
          .header("User-Agent", "vectornode/0.1")
          .header("Accept", "application/json")
          .post(new FormBody.Builder().add("grant_type", "refresh_token")
              .add("client_id", clientId).add("client_secret", clientSecret)
              .add("refresh_token", refreshToken).build())
          .build();
      return GoogleTokenEndpoint.fetch(http.client(), request, "the token endpoint ("
          + tokenUrl.host() + ") for the gcloud user credentials", http.provider(),
          http.config(), Redactor.of(http.config(), secrets()), http.clock(), false);
    }

    @Override
    public List<String> secrets() {
      return List.of(clientSecret, refreshToken);
    }

    @Override
    public String describe() {
      return "gcloud user credentials";
    }

    @Override
    public String toString() {
      return "AuthorizedUser[client " + clientId + "]";
    }
  }

  /** The metadata server of a Google Cloud machine (GCE, GKE, Cloud Run). */
  static final class Metadata implements GoogleTokenSource {
    private final HttpUrl url;
    private final GoogleHttp http;
    private final String tried;

    Metadata(HttpUrl url, GoogleHttp http, String tried) {
      this.url = url;
      this.http = http;
      this.tried = tried;
    }

    @Override
    public Minted mint() {
      Request request = new Request.Builder().url(url).header("Metadata-Flavor", "Google")
          .header("User-Agent", "vectornode/0.1").get().build();
      try {
        return GoogleTokenEndpoint.fetch(http.client(), request, "the metadata server ("
            + url.host() + ")", http.provider(), http.config(), Redactor.of(http.config()),
            http.clock(), true);
      } catch (TransportException e) {
        if (e.kind() != TransportException.Kind.CONNECT) {
          throw e;
        }
        // Off Google Cloud there is no metadata server: say where credentials were looked for.
        throw new AuthenticationException(new ProviderError(http.provider(), 0, "no_credentials",
            "no Google credentials found: " + tried + ", and the metadata server ("
                + url.host() + ") could not be reached; set options.credentialsFile (a service"
                + " account key), run gcloud auth application-default login, or set apiKey to"
                + " an access token", null, false, null, Map.of()));
      }
    }

    @Override
    public List<String> secrets() {
      return List.of();
    }

    @Override
    public String describe() {
      return "the metadata server (" + url.host() + ")";
    }

    @Override
    public String toString() {
      return "Metadata[" + url.host() + "]";
    }
  }
}
