package io.vectornode.providers.wire;

import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.testing.ProviderStubServer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Credentials for the Vertex tests, made here (a key generated once per run, canary secrets),
 * shaped like Google's files: a service-account key and gcloud's user credentials.
 */
final class GoogleTestCredentials {
  static final KeyPair KEY = generate();
  static final String CLIENT_EMAIL = "vn-test@vn-test-project.iam.gserviceaccount.com";
  static final String KEY_ID = "3f1c2e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  static final String REFRESH_TOKEN = "1//canary-REFRESH-0e3c9a7d5b1f4e2a8c6d0b9f7e5a3c1d";
  static final String CLIENT_SECRET = "GOCSPX-canary-secret-4b8d2f6a0c9e";
  static final String ACCESS_TOKEN = "ya29.canary-ACCESS-a1b2c3d4e5f60718293a4b5c6d7e8f90";

  private GoogleTestCredentials() {}

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key as a key file holds it: PKCS#8 PEM, 64 characters a line. */
  static String pem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(KEY.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  /** A line from the middle of the key's base64, to look for in leaked text. */
  static String keyLine() {
    return pem().split("\n")[5];
  }

  /** A service-account key file, as the console downloads it. */
  static String serviceAccountJson(@Nullable String tokenUri) {
    return "{\n  \"type\": \"service_account\",\n  \"project_id\": \"vn-sa-project\",\n"
        + "  \"private_key_id\": \"" + KEY_ID + "\",\n  \"private_key\": "
        + Json.MAPPER.valueToTree(pem()) + ",\n  \"client_email\": \"" + CLIENT_EMAIL + "\",\n"
        + "  \"client_id\": \"104263526152512345678\",\n"
        + "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n"
        + (tokenUri == null ? "" : "  \"token_uri\": \"" + tokenUri + "\",\n")
        + "  \"universe_domain\": \"googleapis.com\"\n}\n";
  }

  /** gcloud's application_default_credentials.json after {@code application-default login}. */
  static String authorizedUserJson() {
    return "{\n  \"account\": \"\",\n  \"client_id\":"
        + " \"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur"
        + ".apps.googleusercontent.com\",\n  \"client_secret\": \"" + CLIENT_SECRET + "\",\n"
        + "  \"quota_project_id\": \"vn-quota-project\",\n  \"refresh_token\": \""
        + REFRESH_TOKEN + "\",\n  \"type\": \"authorized_user\",\n"
        + "  \"universe_domain\": \"googleapis.com\"\n}\n";
  }

  /** An environment with only these variables and no home. */
  static GoogleCredentials.Environment env(Map<String, String> vars) {
    Map<String, String> copy = new HashMap<>(vars);
    return new GoogleCredentials.Environment(copy::get, null);
  }

  static GoogleHttp http(ProviderContext context, ProviderConfig config) {
    return new GoogleHttp(HttpResources.client(context, config), config.name(), config,
        context.clock());
  }

  static HttpUrl tokenUrl(ProviderStubServer server) {
    return HttpUrl.get(server.rootUrl() + "token");
  }
}
