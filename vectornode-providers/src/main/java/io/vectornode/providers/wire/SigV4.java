package io.vectornode.providers.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;

/**
 * AWS Signature Version 4 for a request signed in the {@code Authorization} header, as every AWS
 * service but S3 wants it (the path's segments encoded twice, the payload's SHA-256 in the
 * canonical request but not sent as a header). Checked against AWS's published test suite
 * ({@code SigV4Test}). Hand-written (about a hundred lines, JDK crypto only) so that the core
 * providers module gains no dependency; the AWS SDK's credential chain plugs in beside it.
 *
 * <p>Stateless and thread-safe. The secret key only ever enters an HMAC; nothing here logs or
 * keeps it.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SigV4() {}

  /**
   * The parts of a signature, the intermediate ones kept for tests.
   *
   * @param canonicalRequest the canonical request
   * @param stringToSign the string to sign
   * @param signedHeaders the signed header names, {@code ;}-joined
   * @param signature the signature, hex
   * @param authorization the {@code Authorization} header value
   */
  record Signature(String canonicalRequest, String stringToSign, String signedHeaders,
      String signature, String authorization) {
    @Override
    public String toString() {
      return "Signature[signedHeaders=" + signedHeaders + "]";
    }
  }

  /**
   * Signs a request.
   *
   * @param method the HTTP method
   * @param url the URL as it goes on the wire (its path already percent-encoded)
   * @param headers the headers to sign, names in any case (must include {@code host} and
   *     {@code x-amz-date}); values are trimmed and inner runs of spaces collapsed
   * @param payloadSha256 the hex SHA-256 of the body
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param region the region, for example {@code us-east-1}
   * @param service the signing name, for example {@code bedrock}
   * @param amzDate the request time as {@code yyyyMMdd'T'HHmmss'Z'}
   * @return the signature
   */
  static Signature sign(String method, HttpUrl url, Map<String, String> headers,
      String payloadSha256, String accessKeyId, String secretAccessKey, String region,
      String service, String amzDate) {
    TreeMap<String, String> canonical = new TreeMap<>();
    headers.forEach((k, v) -> canonical.merge(k.toLowerCase(Locale.ROOT),
        v.strip().replaceAll(" +", " "), (a, b) -> a + "," + b));
    StringBuilder cr = new StringBuilder(256);
    cr.append(method).append('\n').append(canonicalPath(url)).append('\n')
        .append(canonicalQuery(url)).append('\n');
    canonical.forEach((k, v) -> cr.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", canonical.keySet());
    cr.append('\n').append(signedHeaders).append('\n').append(payloadSha256);
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(cr.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    return new Signature(cr.toString(), toSign, signedHeaders, signature,
        ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
            + signedHeaders + ", Signature=" + signature);
  }

  /** @return the time as SigV4 writes it */
  static String amzDate(Instant now) {
    return AMZ_DATE.format(now);
  }

  /**
   * The canonical path: each segment of the (already encoded) path encoded once more, as every
   * service but S3 expects; {@code /} for an empty path.
   */
  static String canonicalPath(HttpUrl url) {
    StringBuilder sb = new StringBuilder();
    for (String segment : url.encodedPathSegments()) {
      sb.append('/').append(encode(segment));
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /** The canonical query: names and values encoded, sorted by name then value. */
  static String canonicalQuery(HttpUrl url) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < url.querySize(); i++) {
      String v = url.queryParameterValue(i);
      pairs.add(new String[] {encode(url.queryParameterName(i)), encode(v == null ? "" : v)});
    }
    // By name, then by value: not by "name=value", where "key2=" sorts before "key=".
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      sb.append(sb.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /** AWS's UriEncode: every byte but the unreserved characters as {@code %XX}, upper case. */
  static String encode(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(HEX[(b >> 4) & 0xf]))
            .append(Character.toUpperCase(HEX[b & 0xf]));
      }
    }
    return sb.toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
