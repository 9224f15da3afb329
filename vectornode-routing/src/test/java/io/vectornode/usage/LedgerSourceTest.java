package io.vectornode.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerSourceTest {
  @TempDir Path dir;

  /** A factory that records which one opened. */
  private record Named(String urlPrefix, List<String> opened) implements LedgerSourceFactory {
    @Override
    public LedgerSource open(String url, Map<String, String> settings) {
      opened.add(urlPrefix);
      return LedgerSource.jsonl(Path.of("unused"));
    }
  }

  @Test
  void open_factoryOnTheClassPath_foundByServiceLoaderAndReadThroughTheSameSummary() {
    try (LedgerSource s = LedgerSource.open("test-ledger:10", Map.of("user", "u"))) {
      assertThat(s.describe()).isEqualTo("test-ledger:10");
      LedgerReader.Summary sum = LedgerReader.summarize(s,
          Instant.parse("2026-11-20T00:05:00Z"), e -> e.tags().get("team"), 10);
      assertThat(sum.stats().entries()).isEqualTo(5);
      assertThat(sum.groups()).extracting(LedgerReader.Group::key, LedgerReader.Group::calls)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("t0", 2L),
              org.assertj.core.groups.Tuple.tuple("t1", 3L));
    }
    assertThat(TestLedgerSourceFactory.lastSettings).containsEntry("user", "u");
  }

  @Test
  void open_severalPrefixesMatch_theLongestWins() {
    List<String> opened = new ArrayList<>();
    List<LedgerSourceFactory> fs = List.of(new Named("jdbc:", opened),
        new Named("jdbc:postgresql:", opened), new Named("jdbc:mysql:", opened));
    LedgerSources.open("jdbc:postgresql://db/app", Map.of(), fs).close();
    LedgerSources.open("jdbc:h2:mem", Map.of(), fs).close();
    assertThat(opened).containsExactly("jdbc:postgresql:", "jdbc:");
  }

  @Test
  void open_noFactoryForAJdbcUrl_namesTheModuleAndNeverThePassword() {
    assertThatThrownBy(() -> LedgerSource.open(
        "jdbc:postgresql://vn:hunter2@db:5432/app?user=vn&password=s3cret&ssl=true", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("vectornode-jdbc")
        .hasMessageContaining("jdbc:postgresql://vn:***@db:5432/app?user=vn&password=***&ssl=true")
        .hasMessageContaining("[test-ledger:]")
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> LedgerSource.open("s3://bucket", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("vectornode-jdbc").hasMessageContaining("s3://bucket");
  }

  @Test
  void open_factoryWhosePrefixFails_skippedNotFatal() {
    List<String> opened = new ArrayList<>();
    LedgerSourceFactory broken = new LedgerSourceFactory() {
      @Override
      public String urlPrefix() {
        throw new IllegalStateException("broken");
      }

      @Override
      public LedgerSource open(String url, Map<String, String> settings) {
        throw new AssertionError("never opened");
      }
    };
    LedgerSources.open("jdbc:x", Map.of(), List.of(broken, new Named("jdbc:", opened))).close();
    assertThat(opened).containsExactly("jdbc:");
  }

  @Test
  void jsonl_sameRecordsAsTheReaderAndEachPassIndependent() throws IOException {
    Path f = dir.resolve("vectornode-usage-2026-11-20.jsonl");
    Files.writeString(f, "{\"ts\":\"2026-11-20T00:00:00Z\",\"requestId\":\"a\"}\nnot json\n"
        + "{\"ts\":\"2026-11-21T00:00:00Z\",\"requestId\":\"b\"}\n");
    try (LedgerSource s = LedgerSource.jsonl(dir)) {
      List<String> ids = new ArrayList<>();
      assertThat(s.forEach(null, e -> ids.add(e.requestId())))
          .isEqualTo(new LedgerReader.Stats(2, 1, 0));
      assertThat(s.forEach(Instant.parse("2026-11-21T00:00:00Z"), e -> ids.add(e.requestId())))
          .isEqualTo(new LedgerReader.Stats(1, 1, 0));
      assertThat(ids).containsExactly("a", "b", "b");
      assertThat(s.describe()).isEqualTo(dir.toString());
    }
    assertThatThrownBy(() -> LedgerSource.jsonl(dir.resolve("nope")).forEach(null, e -> { }))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no such file");
  }

  @Test
  void redact_userInfoAndPasswordParameters() {
    assertThat(LedgerSources.redact("jdbc:postgresql://u:p@h/db")).isEqualTo(
        "jdbc:postgresql://u:***@h/db");
    assertThat(LedgerSources.redact("jdbc:sqlserver://h;user=u;Password=p;db=x")).isEqualTo(
        "jdbc:sqlserver://h;user=u;Password=***;db=x");
    assertThat(LedgerSources.redact("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
  }
}
