package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI's help and the README say about a provider of one's own: a jar with a {@code
 * META-INF/services} entry, put on the class path beside the product with {@code java -cp
 * vectornode.jar:my-provider.jar io.vectornode.examples.cli.Main ...}. The product jar is
 * built after the tests run, so its contents stand in for it: this module's classes plus the
 * runtime class path it is shaded from (see {@link ProductClasspathTest}). The provider is
 * compiled here, against the product only, into a jar of its own, and the CLI runs in a JVM of
 * its own.
 */
class CliClasspathTest {
  @TempDir Path dir;

  private static final String PROVIDER = """
      package acme;

      import io.vectornode.*;
      import io.vectornode.spi.*;
      import java.time.Duration;
      import java.util.concurrent.CompletableFuture;

      public final class AcmeProvider implements ModelProvider {
        public String id() { return "acme"; }

        public ModelClient create(ProviderConfig config, ProviderContext context) {
          return new ModelClient() {
            public ChatResponse chat(ChatRequest request) {
              String prompt = request.messages().get(request.messages().size() - 1).text();
              return ChatResponse.of("acme-1", config.name(), config.modelFor(request),
                  Message.assistant("acme says: " + prompt), FinishReason.STOP, Usage.of(2, 3),
                  Duration.ofMillis(1), Duration.ofMillis(1));
            }
            public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
              return CompletableFuture.completedFuture(chat(request));
            }
            public ChatStream stream(ChatRequest request) {
              throw new UnsupportedOperationException("no streams");
            }
            public void close() {}
          };
        }
      }
      """;

  @Test
  void providerJar_besideTheProductOnTheClassPath_isListedAndServesChat() throws Exception {
    List<String> product = productClasspath();
    Path jar = providerJar(product);
    List<String> classpath = new ArrayList<>(product);
    classpath.add(jar.toString());
    Path config = dir.resolve("acme.yaml");
    Files.writeString(config, "providers:\n  acme: {}\n");

    Result providers = cli(classpath, "providers");
    assertThat(providers.status()).as(providers.out()).isZero();
    assertThat(providers.out()).contains("  acme  (acme.AcmeProvider)").contains("  openai  (");

    Result chat = cli(classpath, "chat", "--config", config.toString(), "--model",
        "acme/tiny", "--json", "hello");
    assertThat(chat.status()).as(chat.out()).isZero();
    assertThat(chat.out()).contains("\"text\":\"acme says: hello\"")
        .contains("\"provider\":\"acme\"").contains("\"model\":\"tiny\"");

    Result without = cli(product, "chat", "--config", config.toString(), "--model",
        "acme/tiny", "hello");
    assertThat(without.status()).isEqualTo(1);
  }

  /** This module's classes and the runtime class path: what vectornode.jar is shaded from. */
  private static List<String> productClasspath() throws Exception {
    String file = System.getProperty("vectornode.productClasspath");
    assertThat(file).as("the build writes the product class path (see the pom)").isNotNull();
    List<String> entries = new ArrayList<>();
    entries.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString());
    Arrays.stream(Files.readString(Path.of(file)).strip().split(File.pathSeparator))
        .filter(s -> !s.isBlank()).forEach(entries::add);
    return entries;
  }

  private Path providerJar(List<String> product) throws Exception {
    Path src = dir.resolve("src/acme/AcmeProvider.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, PROVIDER);
    Path classes = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled = javac.run(null, diagnostics, diagnostics, "--release", "17", "-d",
        classes.toString(), "-cp", String.join(File.pathSeparator, product), src.toString());
    assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Path jar = dir.resolve("my-provider.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()
            .replace(File.separatorChar, '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.vectornode.spi.ModelProvider"));
      out.write("acme.AcmeProvider\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private record Result(int status, String out) {}

  private static Result cli(List<String> classpath, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classpath), "io.vectornode.examples.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // No key from the machine running the tests may reach the CLI.
    pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY"));
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
