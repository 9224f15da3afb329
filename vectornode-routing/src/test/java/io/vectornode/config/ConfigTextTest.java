package io.vectornode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vectornode.ChatRequest;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.routing.VectorNodeClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A config given as text ({@link VectorNode#builderFromConfigText}), as the Spring Boot starter
 * gives its {@code vectornode.*} properties: read by the same loader as a file, its messages
 * naming the source and the field without a line and column, never a resolved secret.
 */
class ConfigTextTest {
  static final String CANARY = "sk-canary-0b7d3e5f9a1c2468ace0";

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void builderFromConfigText_validJson_buildsTheClient() {
    String json = "{\"providers\":{\"a\":{\"type\":\"fake\",\"options\":{\"reply\":\"hi\"}}},"
        + "\"models\":{\"m\":{\"provider\":\"a\",\"model\":\"x\"}},"
        + "\"routes\":{\"r\":{\"strategy\":\"fallback\",\"targets\":[\"m\"]}}}";
    try (VectorNodeClient c = VectorNode.builderFromConfigText("props", json, k -> null)
        .build()) {
      assertThat(c.routes()).extracting(r -> r.name()).containsExactly("r");
      assertThat(c.chat(ChatRequest.builder().task("r").user("q").build()).text())
          .isEqualTo("hi");
    }
  }

  @Test
  void builderFromConfigText_badField_namesSourceAndFieldWithoutLineAndColumn() {
    String json = "{\"providers\":{\"a\":{\"type\":\"fake\"}},"
        + "\"routes\":{\"r\":{\"strategy\":\"sideways\",\"targets\":[\"m\"]}}}";
    Throwable t = catchThrowable(() -> VectorNode.builderFromConfigText("vectornode properties",
        json, k -> null));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).field())
        .isEqualTo("vectornode properties: routes.r.strategy");
    assertThat(t.getMessage()).contains("was 'sideways'");
  }

  @Test
  void builderFromConfigText_secretPassedAsReference_neverInTheMessage() {
    // The starter hands keys over as references resolved through env, so that every message
    // shows the reference (the property's name), never the key.
    String json = "{\"providers\":{\"a\":{\"type\":\"openai-compatible\","
        + "\"baseUrl\":\"${env:vectornode.providers.a.base-url}\"}}}";
    Throwable t = catchThrowable(() -> VectorNode.builderFromConfigText("vectornode properties",
        json, Map.of("vectornode.providers.a.base-url", CANARY)::get).build().close());
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(t.getMessage()).contains("providers.a.baseUrl")
        .contains("${env:vectornode.providers.a.base-url}");
    assertThat(everything(t)).doesNotContain(CANARY.substring(0, 14));
  }
}
