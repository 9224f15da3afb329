package io.vectornode.config;

import io.vectornode.routing.VectorNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vectornode.ModelClient;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 18: a config's size and nesting are bounded with clear errors, and YAML aliases
 * (which Jackson would read as their anchor's name) are refused naming where they are.
 */
class ConfigLimitsTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path f = dir.resolve("vectornode.yaml");
    Files.writeString(f, text);
    return f;
  }

  private Throwable load(Path f) {
    return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchThrowable(() ->
        VectorNode.fromConfig(f, Map.<String, String>of()::get).close()));
  }

  @Test
  void fromConfig_100MbFile_refusedBeforeReadingNamingFileSizeAndLimit() throws IOException {
    Path f = dir.resolve("vectornode.yaml");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(100L << 20); // sparse: nothing to read, only a size
    }
    Throwable t = load(f);
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml").hasMessageContaining("104857600 bytes")
        .hasMessageContaining("1048576 bytes (1 MiB)")
        .hasMessageContaining("vectornode.config.maxBytes");
  }

  @Test
  void catalogFile_of100Mb_refusedBeforeReading() throws IOException {
    Path catalog = dir.resolve("catalog.json");
    try (RandomAccessFile raf = new RandomAccessFile(catalog.toFile(), "rw")) {
      raf.setLength(100L << 20); // sparse: reading it would cost 100 MB and more to parse
    }
    Path f = write("""
        providers: {a: {type: fake}}
        catalog: { file: catalog.json }
        """);
    Throwable t = load(f);
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("catalog.json").hasMessageContaining("104857600 bytes")
        .hasMessageContaining("8 MiB");
  }

  @Test
  void fromConfig_oneByteOverTheLimit_refused_atTheLimit_accepted() throws IOException {
    String head = "providers: {a: {type: fake}}\n";
    StringBuilder sb = new StringBuilder(head);
    while (sb.length() < (1 << 20)) {
      sb.append("# ").append("c".repeat(76)).append('\n');
    }
    sb.setLength(1 << 20);
    sb.setCharAt(sb.length() - 1, '\n');
    try (ModelClient c = VectorNode.fromConfig(write(sb.toString()),
        Map.<String, String>of()::get)) {
      assertThat(c).isNotNull();
    }
    Throwable t = load(write(sb + "\n"));
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1048577 bytes");
  }

  @Test
  void fromConfig_100kDeep_isAConfigurationExceptionNamingTheLimitAndPlace() throws IOException {
    Path f = write("providers: {a: {type: fake, options: {x: " + "[".repeat(100_000)
        + "]".repeat(100_000) + "}}}\n");
    Throwable t = load(f);
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml:1:")
        .hasMessageContaining("nests deeper than 64 levels");
  }

  @Test
  void fromConfig_deepBlockMappings_isAConfigurationExceptionNamingTheLine() throws IOException {
    StringBuilder sb = new StringBuilder("providers:\n  a:\n    type: fake\n    options:\n");
    for (int i = 0; i < 70; i++) {
      sb.append("  ".repeat(3 + i)).append("k:\n");
    }
    sb.append("  ".repeat(73)).append("v: 1\n");
    Throwable t = load(write(sb.toString()));
    // The root, providers', a's and options' mappings and those under the first 60 'k' keys make
    // 64 levels; the mapping under the 61st 'k' would be the 65th, and starts on line 66.
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml:66:").hasMessageContaining("64 levels");
  }

  @Test
  void fromConfig_aliasUsedAsAKey_isRefused() throws IOException {
    Path f = write("""
        providers:
          a:
            type: fake
            headers:
              &k X-A: one
              *k : two
        """);
    Throwable t = load(f);
    // Jackson's YAML parser refuses an alias in key position itself: never read silently.
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("line 6, column 9").hasMessageContaining("AliasEvent");
  }

  @Test
  void fromConfig_aliasOfAScalar_isRefusedNamingLineAndColumn() throws IOException {
    Path f = write("""
        providers:
          a:
            type: fake
            headers:
              X-A: &h shared-value
              X-B: *h
        """);
    Throwable t = load(f);
    assertThat(t).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml:6:12")
        .hasMessageContaining("providers.a.headers.X-B")
        .hasMessageContaining("alias (*h)")
        .hasMessageContaining("write the value out");
  }

  @Test
  void fromConfig_aliasOfAMapping_isRefused() throws IOException {
    Path f = write("""
        providers:
          a: &p {type: fake}
          b: *p
        """);
    assertThat(load(f)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml:3:6").hasMessageContaining("alias (*p)");
  }

  @Test
  void fromConfig_mergeKey_isRefusedNamingIt() throws IOException {
    Path f = write("""
        providers: {a: {type: fake}}
        models:
          base: &base {provider: a, model: x}
          m:
            <<: *base
            model: y
        """);
    assertThat(load(f)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode.yaml:5:")
        .hasMessageContaining("models.m").hasMessageContaining("merge key (<<)");
  }

  @Test
  void fromConfig_anchorWithoutAlias_changesNothing() throws IOException {
    Path f = write("""
        providers:
          a: &p {type: fake, options: {reply: anchored}}
        models:
          m: {provider: a, model: x}
        """);
    try (ModelClient c = VectorNode.fromConfig(f, Map.<String, String>of()::get)) {
      assertThat(c.chat("m", "hi").text()).isEqualTo("anchored");
    }
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC}) // mkfifo and /dev/zero
  void fromConfig_fifoAsConfig_failsFastInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor()).as("mkfifo").isZero();
    assertThat(load(fifo)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("config.fifo").hasMessageContaining("not a regular file");
  }
}
