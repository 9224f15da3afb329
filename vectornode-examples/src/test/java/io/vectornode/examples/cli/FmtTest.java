package io.vectornode.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FmtTest {
  @Test
  void html_markupQuotesControlAndFormatCharacters_escaped() {
    assertThat(Fmt.html("<a href=\"x\" title='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assertThat(Fmt.html("a\u001b[2Jb\u202ec\u0000d\ud800e\u00e9\ud83d\ude00"))
        .isEqualTo("a\ufffd[2Jb\ufffdc\ufffdd\ufffde\u00e9\ud83d\ude00");
  }

  @Test
  void csv_formulaPrefixesAndQuoting() {
    assertThat(Fmt.csv("=1+1")).isEqualTo("'=1+1");
    assertThat(Fmt.csv("+1")).isEqualTo("'+1");
    assertThat(Fmt.csv("-1")).isEqualTo("'-1");
    assertThat(Fmt.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Fmt.csv("\tx")).isEqualTo("'\tx");
    assertThat(Fmt.csv("=HYPERLINK(\"u\",\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"u\"\",\"\"x\"\")\"");
    assertThat(Fmt.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(Fmt.csv("line\nbreak")).isEqualTo("\"line\nbreak\"");
    assertThat(Fmt.csv("team-a")).isEqualTo("team-a");
    assertThat(Fmt.csv("")).isEmpty();
  }

  @Test
  void usd_centsFromOneDollarFourSignificantDigitsBelow() {
    assertThat(Fmt.usd(new BigDecimal("1234.565"))).isEqualTo("$1,234.57");
    assertThat(Fmt.usd(new BigDecimal("1"))).isEqualTo("$1.00");
    assertThat(Fmt.usd(new BigDecimal("0.99999"))).isEqualTo("$1.00");
    assertThat(Fmt.usd(new BigDecimal("0.5"))).isEqualTo("$0.50");
    assertThat(Fmt.usd(new BigDecimal("0.00423456"))).isEqualTo("$0.004235");
    assertThat(Fmt.usd(new BigDecimal("0.0000072"))).isEqualTo("$0.0000072");
    assertThat(Fmt.usd(BigDecimal.ZERO)).isEqualTo("$0.00");
    assertThat(Fmt.usd(new BigDecimal("0E-9"))).isEqualTo("$0.00");
    assertThat(Fmt.usd(new BigDecimal("12345678.9"))).isEqualTo("$12,345,678.90");
  }

  @Test
  void counts_millis_percent() {
    assertThat(Fmt.count(1234567)).isEqualTo("1,234,567");
    assertThat(Fmt.compact(950)).isEqualTo("950");
    assertThat(Fmt.compact(12_345)).isEqualTo("12.3K");
    assertThat(Fmt.compact(4_560_000)).isEqualTo("4.56M");
    assertThat(Fmt.compact(999_999_999_999_999.0)).isEqualTo("1000T");
    assertThat(Fmt.millis(850)).isEqualTo("850 ms");
    assertThat(Fmt.millis(1240)).isEqualTo("1.24 s");
    assertThat(Fmt.millis(75_000)).isEqualTo("75.0 s");
    assertThat(Fmt.percent(1, 3)).isEqualTo("33.3%");
    assertThat(Fmt.percent(1, 0)).isEqualTo("\u2013");
    assertThat(Fmt.compactUsd(0.05)).isEqualTo("$0.05");
    assertThat(Fmt.compactUsd(0.0025)).isEqualTo("$0.0025");
    assertThat(Fmt.compactUsd(1200)).isEqualTo("$1.20K");
  }

  @Test
  void dataUri_percentEncodesEverythingButUnreserved() {
    String csv = "team,cost\r\n\"a \"\"b\"\"\",1\r\n<script>&\u00e9\r\n";
    String uri = ReportPage.dataUri(csv);
    assertThat(uri).startsWith("data:text/csv;charset=utf-8,").doesNotContain("\"")
        .doesNotContain("<").doesNotContain("&").doesNotContain(" ");
    assertThat(URLDecoder.decode(uri.substring(uri.indexOf(',') + 1).replace("+", "%2B"),
        StandardCharsets.UTF_8)).isEqualTo(csv);
  }

  @Test
  void niceStep_oneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
    assertThat(Charts.niceStep(4.0, 5)).isEqualTo(1.0);
    assertThat(Charts.niceStep(3.9, 5)).isEqualTo(1.0);
    assertThat(Charts.niceStep(12, 5)).isEqualTo(2.5);
    assertThat(Charts.niceStep(0.04, 5)).isEqualTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Charts.niceStep(0, 5)).isEqualTo(1.0);
    assertThat(Charts.periodLabel("2026-11-20")).isEqualTo("Nov 20");
    assertThat(Charts.periodLabel("2026-11")).isEqualTo("Nov 2026");
  }
}
