package io.vectornode.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectornode.CallEndEvent;
import io.vectornode.ChatRequest;
import io.vectornode.ChatResponse;
import io.vectornode.ChatStream;
import io.vectornode.ModelCallListener;
import io.vectornode.ModelClient;
import io.vectornode.StreamEvent;
import io.vectornode.error.ConfigurationException;
import io.vectornode.routing.VectorNode;
import io.vectornode.spi.ProviderConfig;
import io.vectornode.spi.ProviderContext;
import io.vectornode.spi.ProviderRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomProviderTest {
  @TempDir Path dir;

  @Test
  void registryOf_createsAClientThatListenersSee() {
    List<CallEndEvent> ends = new CopyOnWriteArrayList<>();
    ModelCallListener listener = new ModelCallListener() {
      @Override
      public void onCallEnd(CallEndEvent event) {
        ends.add(event);
      }
    };
    ProviderRegistry registry = ProviderRegistry.of(List.of(new CustomProvider()));
    assertThat(registry.ids()).containsExactly("shout");

    try (ModelClient client = registry.create(ProviderConfig.builder("loud").type("shout")
        .option("suffix", "?!").build(), ProviderContext.builder().listener(listener).build())) {
      ChatResponse r = client.chat(ChatRequest.builder().model("m1").user("hi there").build());
      assertThat(r.text()).isEqualTo("HI THERE?!");
      assertThat(r.provider()).isEqualTo("loud");
      assertThat(r.model()).isEqualTo("m1");
    }
    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("loud");
      assertThat(e.usage().outputTokens()).isEqualTo(10);
    });
  }

  @Test
  void serviceFile_onTheClassPath_isHowServiceLoaderFindsIt() throws IOException {
    // This module does not register it (vectornode providers lists real providers only): a
    // class loader with the one services file a user's jar would have does.
    Path services = dir.resolve("META-INF/services/io.vectornode.spi.ModelProvider");
    Files.createDirectories(services.getParent());
    Files.writeString(services, CustomProvider.class.getName() + "\n");
    assertThat(ProviderRegistry.load(getClass().getClassLoader()).ids()).doesNotContain("shout");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      ProviderRegistry registry = ProviderRegistry.load(loader);
      assertThat(registry.ids()).contains("shout", "openai");
      assertThat(registry.origin("shout")).isEqualTo(CustomProvider.class.getName());
    }
  }

  @Test
  void throughTheRouter_chatsAndStreams() {
    try (ModelClient ai = VectorNode.builder()
        .registry(ProviderRegistry.of(List.of(new CustomProvider())))
        .provider(ProviderConfig.builder("shout").build())
        .model("loud", "shout", "loud-1")
        .build()) {
      assertThat(ai.chat("loud", "hello").text()).isEqualTo("HELLO!");
      List<String> deltas = new ArrayList<>();
      try (ChatStream s = ai.stream(ChatRequest.builder().model("shout/x").user("a b c").build())) {
        for (StreamEvent e : s) {
          if (e instanceof StreamEvent.TextDelta d) {
            deltas.add(d.text());
          }
        }
      }
      assertThat(deltas).containsExactly("A ", "B ", "C!");
    }
  }

  @Test
  void create_badOption_failsNamingTheField() {
    ProviderConfig config = ProviderConfig.builder("shout").option("suffix", "123456789").build();
    assertThatThrownBy(() -> new CustomProvider().create(config, ProviderContext.create()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("providers.shout.options.suffix").hasMessageContaining("123456789");
  }

  @Test
  void main_printsTheShout() {
    PrintStream previous = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CustomProvider.main(new String[0]);
    } finally {
      System.setOut(previous);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HELLO FROM A CUSTOM PROVIDER!");
  }
}
