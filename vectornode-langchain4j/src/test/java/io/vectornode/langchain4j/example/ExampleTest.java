package io.vectornode.langchain4j.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExampleTest {
  @Test
  void supportAssistantExample_fallsBack_callsTheTool_andPrintsCost() {
    String out = SupportAssistantExample.run();

    assertThat(out).startsWith("Order A-17 shipped on January 2.\n")
        .contains("tool round: 2 attempts, answered by spare, Cost[$")
        .contains("answer:     2 attempts, answered by spare, Cost[$");
  }
}
