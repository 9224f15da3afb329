package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** SigV4 against AWS's published test suite (resources/sigv4), and Bedrock's path encoding. */
class SigV4Test {
  private static final String ID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String DATE = "20150830T123600Z";

  private static List<String[]> vectors() throws IOException {
    try (InputStream in = SigV4Test.class.getResourceAsStream("/sigv4/vectors.tsv")) {
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(line.split("\t"));
        }
      }
      return out;
    }
  }

  private static SigV4.Signature sign(String method, String url, String contentType,
      String body) {
    HttpUrl u = HttpUrl.get(url);
    Map<String, String> headers = new LinkedHashMap<>();
    if (!contentType.equals("-")) {
      headers.put("Content-Type", contentType);
    }
    headers.put("Host", u.host());
    headers.put("X-Amz-Date", DATE);
    byte[] bytes = body.equals("-") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return SigV4.sign(method, u, headers, SigV4.hex(SigV4.sha256(bytes)), ID, SECRET,
        "us-east-1", "service", DATE);
  }

  @TestFactory
  Stream<DynamicTest> awsTestSuite_vectorsMatchThePublishedAuthorization() throws IOException {
    List<String[]> vectors = vectors();
    assertThat(vectors).hasSize(4);
    return vectors.stream().map(v -> DynamicTest.dynamicTest(v[0], () ->
        assertThat(sign(v[1], v[2], v[3], v[4]).authorization()).isEqualTo(v[5])));
  }

  @Test
  void postFormUrlencoded_canonicalRequestAndStringToSignAreThePublishedOnes() {
    SigV4.Signature s = sign("POST", "https://example.amazonaws.com/",
        "application/x-www-form-urlencoded", "Param1=value1");
    assertThat(s.canonicalRequest()).isEqualTo("POST\n/\n\n"
        + "content-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
        + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
        + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
        + "20150830/us-east-1/service/aws4_request\n"
        + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
  }

  @Test
  void bedrockModelIds_areEscapedOnTheWireAndTwiceInTheCanonicalPath() {
    HttpUrl base = HttpUrl.get("https://bedrock-runtime.us-east-1.amazonaws.com");
    HttpUrl profile = base.newBuilder().addEncodedPathSegment("model")
        .addEncodedPathSegment(SigV4.encode("us.anthropic.claude-3-5-sonnet-20241022-v2:0"))
        .addEncodedPathSegment("converse").build();
    assertThat(profile.encodedPath())
        .isEqualTo("/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
    assertThat(SigV4.canonicalPath(profile))
        .isEqualTo("/model/us.anthropic.claude-3-5-sonnet-20241022-v2%253A0/converse");
    HttpUrl arn = base.newBuilder().addEncodedPathSegment("model")
        .addEncodedPathSegment(SigV4.encode("arn:aws:bedrock:us-east-1:123456789012:"
            + "inference-profile/us.amazon.nova-lite-v1:0"))
        .addEncodedPathSegment("converse-stream").build();
    assertThat(arn.encodedPathSegments()).hasSize(3);
    assertThat(SigV4.canonicalPath(arn)).isEqualTo("/model/arn%253Aaws%253Abedrock%253A"
        + "us-east-1%253A123456789012%253Ainference-profile%252Fus.amazon.nova-lite-v1%253A0"
        + "/converse-stream");
  }

  @Test
  void sessionToken_isASignedHeader_andTheSecretNeverAppears() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "bedrock-runtime.eu-west-1.amazonaws.com");
    headers.put("content-type", "application/json");
    headers.put("x-amz-date", DATE);
    headers.put("x-amz-security-token", "  session   token  ");
    SigV4.Signature s = SigV4.sign("POST",
        HttpUrl.get("https://bedrock-runtime.eu-west-1.amazonaws.com/model/m/converse"),
        headers, SigV4.hex(SigV4.sha256("{}".getBytes(StandardCharsets.UTF_8))), ID, SECRET,
        "eu-west-1", "bedrock", DATE);
    assertThat(s.signedHeaders()).isEqualTo("content-type;host;x-amz-date;x-amz-security-token");
    assertThat(s.canonicalRequest()).contains("x-amz-security-token:session token\n");
    assertThat(s.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
        + "eu-west-1/bedrock/aws4_request, ");
    assertThat(s.authorization() + s.canonicalRequest() + s.stringToSign() + s)
        .doesNotContain(SECRET).doesNotContain("session   token");
    assertThat(s.toString()).doesNotContain(s.signature());
  }

  @Test
  void encode_escapesAllButUnreserved_inUpperCaseHex() {
    assertThat(SigV4.encode("a-z_A.Z~09")).isEqualTo("a-z_A.Z~09");
    assertThat(SigV4.encode("a b/c:d+é")).isEqualTo("a%20b%2Fc%3Ad%2B%C3%A9");
  }

  @Test
  void canonicalQuery_sortsByNameThenValue_evenWhenOneNameIsAPrefixOfAnother() {
    // Sorting whole "name=value" strings puts "key2=..." before "key=..." ('2' < '='): AWS
    // sorts by name first, so the signature would not match the server's.
    HttpUrl url = HttpUrl.get("https://gw.example.com/p?key2=b&key=a&key=0");
    assertThat(SigV4.canonicalQuery(url))
        .isEqualTo("key=0&key=a&key2=b");
  }
}
