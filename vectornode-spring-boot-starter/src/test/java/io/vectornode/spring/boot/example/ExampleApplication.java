package io.vectornode.spring.boot.example;

import io.vectornode.ChatRequest;
import io.vectornode.ModelClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tiny Spring Boot application using VectorNode through the starter: the client is a bean
 * made from {@code application.yml}'s {@code vectornode.*} properties (or {@code
 * vectornode.config-file}); Actuator shows its health, meters and the {@code vectornode}
 * endpoint. Run it with real keys from {@code src/test/resources/example.yml}:
 *
 * <pre>{@code
 * OPENAI_API_KEY=... mvn -pl vectornode-spring-boot-starter exec:java ... (or from your IDE)
 * curl 'localhost:8080/ask?q=Capital+of+France'
 * curl localhost:8080/actuator/vectornode
 * }</pre>
 */
@SpringBootApplication
public class ExampleApplication {

  /** The application's one endpoint: asks the model behind the {@code chat} route. */
  @RestController
  static class AskController {
    private final ModelClient ai;

    AskController(ModelClient ai) {
      this.ai = ai;
    }

    @GetMapping("/ask")
    String ask(@RequestParam("q") String question) {
      return ai.chat(ChatRequest.builder().task("chat").user(question).tag("team", "docs")
          .build()).text();
    }
  }

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
