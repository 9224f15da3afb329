package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build's promises about what is published: every module of the reactor but the test
 * fixtures, the examples and the benchmarks is in {@code vectornode-bom} and has the POM
 * metadata Maven Central asks for (its own name and description; URL, license, SCM and
 * developers come from the parent, which must hold them).
 */
class PublishedModulesTest {
  /** Built, never published (the release profile excludes them from the bundle too). */
  static final Set<String> UNPUBLISHED =
      Set.of("vectornode-test-fixtures", "vectornode-examples", "vectornode-benchmarks");

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A module's own artifactId: the first one after its parent block. */
  private static String artifactId(String pom) {
    String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>"))
        : pom;
    return all(afterParent, "<artifactId>([^<]+)</artifactId>").get(0);
  }

  @Test
  void everyPublishedModule_isInTheBom_andHasItsMetadata() throws IOException {
    String parent = read(Path.of("..", "pom.xml"));
    String bom = read(Path.of("..", "vectornode-bom", "pom.xml"));
    List<String> inBom = all(bom, "<artifactId>(vectornode-[^<]+)</artifactId>");
    assertThat(parent).contains("<url>", "<licenses>", "<scm>", "<developers>");

    List<String> modules = new ArrayList<>(all(parent, "<module>([^<]+)</module>"));
    assertThat(modules).contains("vectornode-bom", "vectornode-spring-boot-starter");
    List<String> published = new ArrayList<>();
    for (String module : modules) {
      if (module.equals("vectornode-bom")) {
        continue;
      }
      String pom = read(Path.of("..", module, "pom.xml"));
      String id = artifactId(pom);
      if (UNPUBLISHED.contains(id)) {
        continue;
      }
      published.add(id);
      assertThat(pom).as(id).containsPattern("<name>[^<]+</name>")
          .containsPattern("<description>[^<]+</description>");
    }
    assertThat(published).contains("vectornode-api", "vectornode-routing",
        "vectornode-spring-boot-starter");
    assertThat(inBom).as("vectornode-bom").containsAll(published)
        .doesNotContainAnyElementsOf(UNPUBLISHED);
  }
}
