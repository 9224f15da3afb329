package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VectorNode's modules on the module path: a small application module, compiled here, runs on
 * the product's jars as named modules (api, providers, routing) and automatic ones (OkHttp's
 * okio, Resilience4j). It finds the providers through {@code provides}/{@code uses}, the config
 * reader the same way, reads a YAML config (with a catalog override, which Jackson writes by
 * reflection), makes a call to a loopback stub and prints the usage meter as JSON.
 */
class ModulePathTest {
  @TempDir Path dir;

  private static final String MODULE_INFO = """
      module smoke {
        requires io.vectornode.routing;
        requires jdk.httpserver;
      }
      """;

  private static final String MAIN = """
      package smoke;

      import com.sun.net.httpserver.HttpServer;
      import io.vectornode.ChatResponse;
      import io.vectornode.routing.VectorNode;
      import io.vectornode.routing.VectorNodeClient;
      import io.vectornode.spi.ProviderRegistry;
      import io.vectornode.usage.UsageMeter;
      import java.net.InetAddress;
      import java.net.InetSocketAddress;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Files;
      import java.nio.file.Path;

      public final class Main {
        public static void main(String[] args) throws Exception {
          byte[] reply = ("{\\"id\\":\\"c1\\",\\"model\\":\\"gpt-4o-mini\\",\\"choices\\":[{\\"index\\":0,"
              + "\\"message\\":{\\"role\\":\\"assistant\\",\\"content\\":\\"hello from the module path\\"},"
              + "\\"finish_reason\\":\\"stop\\"}],\\"usage\\":{\\"prompt_tokens\\":3,\\"completion_tokens\\":5}}")
              .getBytes(StandardCharsets.UTF_8);
          HttpServer server = HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
          server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
          });
          server.start();
          Path config = Path.of(args[0]);
          Files.writeString(config, "providers:\\n  openai:\\n    apiKey: sk-module-path-0123456789\\n"
              + "    baseUrl: http://127.0.0.1:" + server.getAddress().getPort() + "/v1\\n"
              + "models:\\n  m: { provider: openai, model: gpt-4o-mini, contextWindow: 64000 }\\n");
          UsageMeter meter = UsageMeter.create();
          try (VectorNodeClient ai = VectorNode.builderFromConfig(config).listener(meter).build()) {
            ChatResponse r = ai.chat("m", "hi");
            System.out.println("text=" + r.text());
            System.out.println("cost=" + r.cost().usd().map(Object::toString).orElse("unknown"));
            System.out.println("module=" + VectorNode.class.getModule().getName());
            System.out.println("named=" + ProviderRegistry.class.getModule().isNamed());
            System.out.println("providers=" + ProviderRegistry.load().ids());
            System.out.println("window=" + ai.deployments().get(0).info().contextWindow());
            System.out.println("meter=" + meter.snapshot("model").toJson());
          } finally {
            server.stop(0);
          }
        }
      }
      """;

  @Test
  void applicationModule_runsOnTheProductJarsAsModules() throws Exception {
    String file = System.getProperty("vectornode.productClasspath");
    assertThat(file).as("the build writes the product class path (see the pom)").isNotNull();
    List<String> modulePath = Arrays.stream(
            Files.readString(Path.of(file)).strip().split(File.pathSeparator))
        .filter(s -> !s.isBlank()).collect(Collectors.toList());
    assertThat(modulePath).anySatisfy(p -> assertThat(p).contains("vectornode-routing"));

    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("smoke/Main.java"), MAIN);
    Path classes = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled = javac.run(null, diagnostics, diagnostics, "--release", "17", "-d",
        classes.toString(), "--module-path", String.join(File.pathSeparator, modulePath),
        src.resolve("module-info.java").toString(), src.resolve("smoke/Main.java").toString());
    assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    List<String> path = new ArrayList<>(modulePath);
    path.add(classes.toString());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--module-path", String.join(File.pathSeparator, path),
        "--module", "smoke/smoke.Main", dir.resolve("vn.yaml").toString())
        .redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("text=hello from the module path")
        .contains("module=io.vectornode.routing").contains("named=true")
        .contains("window=64000").contains("\"calls\":1");
    assertThat(out.lines().filter(l -> l.startsWith("providers=")).findFirst().orElseThrow())
        .contains("openai").contains("anthropic").contains("gemini").contains("groq")
        .doesNotContain("fake");
    assertThat(out.lines().filter(l -> l.startsWith("cost=")).findFirst().orElseThrow())
        .doesNotContain("unknown");
  }

  static {
    // Fail clearly when a JRE without javac runs the tests.
    if (ToolProvider.getSystemJavaCompiler() == null) {
      throw new IllegalStateException("ModulePathTest needs a JDK (javac)");
    }
  }
}
