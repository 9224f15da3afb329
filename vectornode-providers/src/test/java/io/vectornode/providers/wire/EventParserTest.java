package io.vectornode.providers.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventParserTest {

  private static SseEvent event(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new SseEvent(null, b, b.length);
  }

  private static JsonParser readOne(EventParser json, String payload) throws IOException {
    JsonParser p = json.begin(event(payload));
    while (p.nextToken() != JsonToken.END_OBJECT || !p.getParsingContext().inRoot()) {
      // read the object
    }
    json.end();
    return p;
  }

  @Test
  void parser_isReleasedAfterTheFirstEventOnly() throws IOException {
    // Released after the first event, its names reach the shared table, so that the streams
    // open at the same time do not each keep a copy; kept after that, as it is made once.
    EventParser json = new EventParser();
    JsonParser first = readOne(json, "{\"aFirstName\":1}");
    JsonParser second = readOne(json, "{\"aFirstName\":2}");
    JsonParser third = readOne(json, "{\"aFirstName\":3,\"other\":[1]}");
    assertThat(second).isNotSameAs(first);
    assertThat(third).isSameAs(second);
    assertThat(first.isClosed()).isTrue();
    assertThat(third.isClosed()).isFalse();
  }
}
