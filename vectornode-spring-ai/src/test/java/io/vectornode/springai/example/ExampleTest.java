package io.vectornode.springai.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExampleTest {
  @Test
  void supportChatExample_fallsBack_callsTheTool_andPrintsCost() {
    String out = SupportChatExample.run();

    assertThat(out).startsWith("Order A-17 shipped on January 2.\n")
        .contains("last round: 2 attempts, answered by spare, Cost[$")
        .contains("tokens, both rounds: 117");
  }
}
