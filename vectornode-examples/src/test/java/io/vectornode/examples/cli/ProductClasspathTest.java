package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product jar ({@code vectornode.jar}) is this module's classes plus its runtime class path,
 * shaded. Maven writes that class path to a file for this test (profile {@code
 * product-classpath}); the test loads it in a class loader of its own, apart from the test class
 * path (which has the fixtures, JUnit and the {@code fake} provider), and runs the CLI there.
 */
class ProductClasspathTest {
  private static final List<String> TEST_ONLY = List.of("org/junit/", "org/assertj/",
      "org/opentest4j/", "org/apiguardian/", "mockwebserver3/", "io/vectornode/testing/");

  private static List<Path> entries;
  private static URLClassLoader product;

  @BeforeAll
  static void load() throws Exception {
    String file = System.getProperty("vectornode.productClasspath");
    assertThat(file).as("system property vectornode.productClasspath (set by the pom: run this"
        + " test with Maven)").isNotNull();
    entries = new ArrayList<>();
    entries.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    for (String e : Files.readString(Path.of(file)).trim().split(File.pathSeparator)) {
      entries.add(Path.of(e));
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : entries) {
      urls.add(p.toUri().toURL());
    }
    product = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @AfterAll
  static void close() throws IOException {
    product.close();
  }

  @Test
  void productClasspath_holdsNoTestFrameworkNorFixtures() throws IOException {
    assertThat(entries).hasSizeGreaterThan(5);
    List<String> found = new ArrayList<>();
    for (Path p : entries) {
      List<String> names = names(p);
      for (String prefix : TEST_ONLY) {
        if (names.stream().anyMatch(n -> n.startsWith(prefix))) {
          found.add(p.getFileName() + " holds " + prefix);
        }
      }
    }
    assertThat(found).isEmpty();
    assertThatThrownBy(() -> Class.forName("org.junit.jupiter.api.Test", false, product))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("mockwebserver3.MockWebServer", false, product))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void serviceLoader_onTheProductClasspath_findsTheProvidersButNoTestOnlyOne() throws Exception {
    Class<?> spi = Class.forName("io.vectornode.spi.ModelProvider", false, product);
    List<String> types = ServiceLoader.load(spi, product).stream()
        .map(p -> p.type().getName()).toList();
    assertThat(types).contains("io.vectornode.providers.openai.OpenAiProvider",
        "io.vectornode.providers.anthropic.AnthropicProvider",
        "io.vectornode.providers.gemini.GeminiProvider");
    assertThat(types).noneMatch(t -> t.startsWith("io.vectornode.testing."));
  }

  @Test
  void providers_onTheProductClasspath_listsNoFakeProvider() throws Exception {
    Result r = runMain("providers");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("openai ").contains("anthropic").contains("gemini")
        .contains("openai-compatible").doesNotContain("fake").doesNotContain("testing");
  }

  @Test
  void noArguments_onTheProductClasspath_runsTheWholeTour() throws Exception {
    Result r = runMain();
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("== 1. A chat").contains("Hello from VectorNode, friend!")
        .contains("Bonjour (via Messages)").contains("Bonjour (via generateContent)")
        .contains("Streams arrive token by token").contains("get_weather{\"city\":\"Lisbon\"}")
        .contains("RateLimitException (HTTP 429").contains("after 4 attempts")
        .contains("requests sent: 0").contains("10 calls")
        .contains("== 9. The usage meter, by deployment").contains("Done.");
  }

  @Test
  void usageJdbc_onTheProductClasspath_isReadByVectornodeJdbc() throws Exception {
    // Nothing listens on port 1: the reader is found and tries to connect (no "needs the
    // vectornode-jdbc module" message).
    Result r = runMain("usage", "--jdbc", "jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("cannot read the ledger jdbc:postgresql://127.0.0.1:1/app")
        .doesNotContain("needs the vectornode-jdbc module");
  }

  private record Result(int status, String out, String err) {}

  /** Runs {@code Main.run} as loaded from the product class path, with that as context loader. */
  private static Result runMain(String... args) throws Exception {
    Method run = Class.forName("io.vectornode.examples.cli.Main", true, product)
        .getMethod("run", String[].class, PrintStream.class, PrintStream.class, Map.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(product);
    try {
      int status = (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
      return new Result(status, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<String> names(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        return files.filter(Files::isRegularFile)
            .map(f -> entry.relativize(f).toString().replace(File.separatorChar, '/')).toList();
      }
    }
    try (ZipFile zip = new ZipFile(entry.toFile())) {
      return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
    }
  }
}
