package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.error.AuthenticationException;
import io.vectornode.error.ConfigurationException;
import io.vectornode.error.ResponseParseException;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.testing.ProviderStubServer;
import io.vectornode.testing.RecordedCall;
import io.vectornode.testing.VertexStubs;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Application Default Credentials without Google's libraries: where credentials are found. */
class GoogleCredentialsTest {
  @TempDir
  Path dir;
  private ProviderStubServer server;
  private ProviderContext context;

  @BeforeEach
  void start() {
    server = ProviderStubServer.start();
    context = ProviderContext.create();
  }

  @AfterEach
  void stop() {
    context.resources().close();
    server.close();
  }

  private ProviderConfig.Builder config() {
    return ProviderConfig.builder("vertex").type("vertex-ai")
        .option("tokenUrl", server.rootUrl() + "token");
  }

  private GoogleCredentials.Found find(ProviderConfig config, GoogleCredentials.Environment env) {
    return GoogleCredentials.find(config, GoogleTestCredentials.http(context, config), env);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void googleApplicationCredentials_namesAServiceAccountKey() throws IOException {
    Path key = write("sa.json", GoogleTestCredentials.serviceAccountJson(null));
    GoogleCredentials.Found found = find(config().build(), GoogleTestCredentials.env(
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString())));
    assertThat(found.source().describe())
        .isEqualTo("service account " + GoogleTestCredentials.CLIENT_EMAIL);
    assertThat(found.projectId()).isEqualTo("vn-sa-project");
    server.enqueue(VertexStubs.token("ya29.sa", 3599));
    assertThat(found.source().mint().token()).isEqualTo("ya29.sa");
  }

  @Test
  void configuredCredentials_winOverTheEnvironment() throws IOException {
    Path key = write("sa.json", GoogleTestCredentials.serviceAccountJson(null));
    GoogleCredentials.Found found = find(config()
        .option("credentials", GoogleTestCredentials.authorizedUserJson()).build(),
        GoogleTestCredentials.env(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString())));
    assertThat(found.source().describe()).isEqualTo("gcloud user credentials");
    GoogleCredentials.Found fromFile = find(config()
        .option("credentialsFile", key.toString()).build(), GoogleTestCredentials.env(Map.of()));
    assertThat(fromFile.source().describe()).startsWith("service account");
  }

  @Test
  void credentialsWrittenAsAMapping_areReadLikeTheirJson() throws IOException {
    Map<?, ?> inline = Json.MAPPER.readValue(GoogleTestCredentials.authorizedUserJson(),
        Map.class);
    GoogleCredentials.Found found = find(config().option("credentials", inline).build(),
        GoogleTestCredentials.env(Map.of()));
    assertThat(found.source().describe()).isEqualTo("gcloud user credentials");
    assertThat(found.quotaProject()).isEqualTo("vn-quota-project");
  }

  @Test
  void gcloudWellKnownFile_inHome_isAUserRefreshToken() throws IOException {
    write("home/.config/gcloud/application_default_credentials.json",
        GoogleTestCredentials.authorizedUserJson());
    GoogleCredentials.Found found = find(config().build(),
        new GoogleCredentials.Environment(Map.<String, String>of()::get, dir.resolve("home")));
    assertThat(found.quotaProject()).isEqualTo("vn-quota-project");
    server.enqueue(VertexStubs.token("ya29.user", 3599));
    assertThat(found.source().mint().token()).isEqualTo("ya29.user");
    RecordedCall call = server.takeRequest();
    String body = URLDecoder.decode(call.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("grant_type=refresh_token")
        .contains("refresh_token=" + GoogleTestCredentials.REFRESH_TOKEN)
        .contains("client_secret=" + GoogleTestCredentials.CLIENT_SECRET);
  }

  @Test
  void cloudsdkConfig_movesTheWellKnownFile() throws IOException {
    Path gcloud = write("elsewhere/application_default_credentials.json",
        GoogleTestCredentials.authorizedUserJson()).getParent();
    GoogleCredentials.Found found = find(config().build(), new GoogleCredentials.Environment(
        Map.of("CLOUDSDK_CONFIG", gcloud.toString())::get, dir.resolve("no-home")));
    assertThat(found.source().describe()).isEqualTo("gcloud user credentials");
  }

  @Test
  void nothingFound_fallsBackToTheMetadataServer() {
    ProviderConfig c = config().option("metadataUrl", server.rootUrl()
        + "computeMetadata/v1/instance/service-accounts/default/token").build();
    GoogleCredentials.Found found = find(c,
        new GoogleCredentials.Environment(Map.<String, String>of()::get, dir));
    server.enqueue(VertexStubs.metadataToken("ya29.gce", 1800));
    assertThat(found.source().mint().token()).isEqualTo("ya29.gce");
    RecordedCall call = server.takeRequest();
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.header("metadata-flavor")).contains("Google");

    // Something that is not a metadata server (a captive proxy, say) gives no token.
    server.enqueue(VertexStubs.token("ya29.proxy", 1800));
    assertThat(catchThrowable(() -> found.source().mint()))
        .isInstanceOf(ResponseParseException.class).hasMessageContaining("Metadata-Flavor");
  }

  @Test
  void gceMetadataHost_movesTheMetadataServer() {
    String host = server.rootUrl().replace("http://", "").replace("/", "");
    GoogleCredentials.Found found = find(config().build(), new GoogleCredentials.Environment(
        Map.of("GCE_METADATA_HOST", host)::get, dir));
    server.enqueue(VertexStubs.metadataToken("ya29.gce", 1800));
    assertThat(found.source().mint().token()).isEqualTo("ya29.gce");
    assertThat(server.takeRequest().path())
        .isEqualTo("/computeMetadata/v1/instance/service-accounts/default/token");
  }

  @Test
  void noCredentialsAnywhere_saysWhereItLooked() {
    String unreachable = server.rootUrl() + "computeMetadata/v1/instance/service-accounts/"
        + "default/token";
    server.close(); // nothing listens there any more
    ProviderConfig c = config().option("metadataUrl", unreachable).build();
    GoogleCredentials.Found found = find(c,
        new GoogleCredentials.Environment(Map.<String, String>of()::get, dir));
    Throwable t = catchThrowable(() -> found.source().mint());
    assertThat(t).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("no Google credentials found")
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS is unset")
        .hasMessageContaining("application_default_credentials.json does not exist")
        .hasMessageContaining("metadata server");
    assertThat(((AuthenticationException) t).retryable()).isFalse();
  }

  @Test
  void unusableFiles_failNamingWhereTheyCameFrom() throws IOException {
    Throwable missing = catchThrowable(() -> find(config().build(), GoogleTestCredentials.env(
        Map.of("GOOGLE_APPLICATION_CREDENTIALS", dir.resolve("nope.json").toString()))));
    assertThat(missing).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("GOOGLE_APPLICATION_CREDENTIALS: names no readable file");

    Path big = write("big.json", "{\"a\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(catchThrowable(() -> find(config().option("credentialsFile", big.toString())
        .build(), GoogleTestCredentials.env(Map.of()))))
        .hasMessageStartingWith("providers.vertex.options.credentialsFile: names a file of");

    String external = "{\"type\": \"external_account\", \"audience\": \"//iam.googleapis.com/x\"}";
    assertThat(catchThrowable(() -> find(config().option("credentials", external).build(),
        GoogleTestCredentials.env(Map.of()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("type 'external_account'")
        .hasMessageContaining("apiKey");

    String noKey = "{\"type\": \"service_account\", \"client_email\": \"a@b.c\"}";
    assertThat(catchThrowable(() -> find(config().option("credentials", noKey).build(),
        GoogleTestCredentials.env(Map.of()))))
        .hasMessage("providers.vertex.options.credentials: has no private_key");

    String plainHttp = GoogleTestCredentials.serviceAccountJson("http://evil.example/token");
    assertThat(catchThrowable(() -> GoogleCredentials.parse(plainHttp, "f",
        GoogleTestCredentials.http(context, config().build()), null)))
        .hasMessageContaining("token_uri must be an https URL");
  }

  @Test
  void fileTokenUri_isUsedWhenNoTokenUrlIsConfigured() {
    String json = GoogleTestCredentials.serviceAccountJson(server.rootUrl() + "file-token");
    ProviderConfig c = ProviderConfig.builder("vertex").type("vertex-ai").build();
    GoogleTokenSource s = GoogleCredentials.parse(json, "f", GoogleTestCredentials.http(context,
        c), null).source();
    server.enqueue(VertexStubs.token("ya29.f", 3599));
    s.mint();
    assertThat(server.takeRequest().path()).isEqualTo("/file-token");
  }

  @Test
  void configuredTokenUrl_overPlainHttpToARemoteHost_isRefusedLikeTheFilesTokenUri() {
    // options.tokenUrl replaces the file's token_uri; it must not be a way around the https
    // check that keeps a refresh token, client secret or assertion off the network in clear.
    ProviderConfig c = ProviderConfig.builder("vertex").type("vertex-ai")
        .option("tokenUrl", "http://oauth2.example.com/token")
        .option("credentials", GoogleTestCredentials.authorizedUserJson()).build();
    assertThat(catchThrowable(() -> find(c, GoogleTestCredentials.env(Map.of()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.vertex.options.tokenUrl")
        .hasMessageContaining("https");
  }
}
