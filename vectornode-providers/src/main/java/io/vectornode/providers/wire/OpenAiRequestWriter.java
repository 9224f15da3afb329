package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ChatRequest} as a Chat Completions request body.
 *
 * <p>Shapes the API documents as required or refused: a strict schema (response format or tool
 * parameters) is completed for strict mode by {@link OpenAiStrictSchema}; {@code tool_choice} is
 * sent only with tools; more stop sequences than OpenAI's documented maximum ({@value
 * #OPENAI_MAX_STOP}, for the {@code openai} and {@code azure-openai} types) fail with a {@link
 * ConfigurationException} before sending. Other Chat Completions servers document their own
 * limits, so their stop sequences are passed through.
 */
final class OpenAiRequestWriter {
  /** OpenAI's {@code stop}: "Up to 4 sequences" ({@code maxItems: 4}). */
  static final int OPENAI_MAX_STOP = 4;

  private OpenAiRequestWriter() {}

  private static int maxStop(OpenAiSettings s) {
    return s.type().equals("openai") || s.type().equals("azure-openai")
        ? OPENAI_MAX_STOP : Integer.MAX_VALUE;
  }

  static byte[] write(ChatRequest request, String model, boolean stream, OpenAiSettings s) {
    Map<String, Object> extra = request.providerOptions(s.provider(), s.type());
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.setCodec(Json.MAPPER);
      g.writeStartObject();
      g.writeStringField("model", model);
      writeMessages(g, request.messages());
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, request.tools());
        if (request.parallelToolCalls().isPresent() && !extra.containsKey("parallel_tool_calls")) {
          g.writeBooleanField("parallel_tool_calls", request.parallelToolCalls().get());
        }
      }
      // Without tools a choice means nothing; ChatRequest already rejects the two that need one.
      boolean hasTools = !request.tools().isEmpty() || extra.containsKey("tools");
      if (hasTools && request.toolChoice().isPresent() && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, request.toolChoice().get());
      }
      if (!extra.containsKey("response_format")) {
        writeResponseFormat(g, request.responseFormat());
      }
      if (request.temperature().isPresent() && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature().getAsDouble());
      }
      if (request.topP().isPresent() && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP().getAsDouble());
      }
      if (request.maxOutputTokens().isPresent() && !extra.containsKey(s.maxTokensField())) {
        g.writeNumberField(s.maxTokensField(), request.maxOutputTokens().getAsInt());
      }
      if (!request.stop().isEmpty() && !extra.containsKey("stop")) {
        int max = maxStop(s);
        if (request.stop().size() > max) {
          throw new ConfigurationException("stop", "provider '" + s.provider() + "' ("
              + s.type() + ") accepts at most " + max + " stop sequences, was "
              + request.stop().size());
        }
        g.writeArrayFieldStart("stop");
        for (String stop : request.stop()) {
          g.writeString(stop);
        }
        g.writeEndArray();
      }
      if (request.seed().isPresent() && !extra.containsKey("seed")) {
        g.writeNumberField("seed", request.seed().getAsLong());
      }
      if (stream) {
        g.writeBooleanField("stream", true);
        if (s.streamUsage() && !extra.containsKey("stream_options")) {
          g.writeObjectFieldStart("stream_options");
          g.writeBooleanField("include_usage", true);
          g.writeEndObject();
        }
      }
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        if (!e.getKey().equals("model") && !e.getKey().equals("messages")
            && !e.getKey().equals("stream")) {
          g.writeObjectField(e.getKey(), e.getValue());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void writeMessages(JsonGenerator g, List<Message> messages) throws IOException {
    g.writeArrayFieldStart("messages");
    for (Message m : messages) {
      switch (m.role()) {
        case SYSTEM -> {
          g.writeStartObject();
          g.writeStringField("role", "system");
          g.writeStringField("content", m.text());
          g.writeEndObject();
        }
        case USER -> writeUser(g, m);
        case ASSISTANT -> writeAssistant(g, m);
        case TOOL -> {
          for (ContentPart part : m.content()) {
            ContentPart.ToolResult r = (ContentPart.ToolResult) part;
            g.writeStartObject();
            g.writeStringField("role", "tool");
            g.writeStringField("tool_call_id", r.toolCallId());
            g.writeStringField("content", r.content());
            g.writeEndObject();
          }
        }
      }
    }
    g.writeEndArray();
  }

  private static void writeUser(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", "user");
    if (m.content().size() == 1 && m.content().get(0) instanceof ContentPart.Text t) {
      g.writeStringField("content", t.text());
    } else {
      g.writeArrayFieldStart("content");
      for (ContentPart part : m.content()) {
        g.writeStartObject();
        if (part instanceof ContentPart.Text t) {
          g.writeStringField("type", "text");
          g.writeStringField("text", t.text());
        } else if (part instanceof ContentPart.ImageUrl img) {
          writeImage(g, img.url().toString(), img.detail());
        } else if (part instanceof ContentPart.ImageData img) {
          writeImage(g, "data:" + img.mediaType() + ";base64," + img.base64(), img.detail());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeImage(JsonGenerator g, String url, ImageDetail detail)
      throws IOException {
    g.writeStringField("type", "image_url");
    g.writeObjectFieldStart("image_url");
    g.writeStringField("url", url);
    if (detail != ImageDetail.AUTO) {
      g.writeStringField("detail", detail == ImageDetail.LOW ? "low" : "high");
    }
    g.writeEndObject();
  }

  private static void writeAssistant(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", "assistant");
    boolean hasText = false;
    for (ContentPart p : m.content()) {
      hasText |= p instanceof ContentPart.Text;
    }
    // Reasoning parts are not accepted back by Chat Completions servers; they are dropped.
    List<ContentPart.ToolCall> calls = m.toolCalls();
    if (hasText || calls.isEmpty()) {
      g.writeStringField("content", m.text());
    } else {
      g.writeNullField("content");
    }
    if (!calls.isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ContentPart.ToolCall c : calls) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeTools(JsonGenerator g, List<Tool> tools) throws IOException {
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", t.name());
      if (!t.description().isEmpty()) {
        g.writeStringField("description", t.description());
      }
      g.writeFieldName("parameters");
      String field = "tools[" + i + "].parameters";
      g.writeRawValue(t.strict() ? OpenAiStrictSchema.complete(t.parameters(), field)
          : Json.requireJson(t.parameters(), field));
      if (t.strict()) {
        g.writeBooleanField("strict", true);
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    if (choice instanceof ToolChoice.Specific s) {
      g.writeObjectFieldStart("tool_choice");
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", s.name());
      g.writeEndObject();
      g.writeEndObject();
    } else {
      g.writeStringField(
          "tool_choice",
          choice instanceof ToolChoice.None ? "none"
              : choice instanceof ToolChoice.Required ? "required" : "auto");
    }
  }

  private static void writeResponseFormat(JsonGenerator g, ResponseFormat format)
      throws IOException {
    if (format instanceof ResponseFormat.JsonObject) {
      g.writeObjectFieldStart("response_format");
      g.writeStringField("type", "json_object");
      g.writeEndObject();
    } else if (format instanceof ResponseFormat.JsonSchema js) {
      g.writeObjectFieldStart("response_format");
      g.writeStringField("type", "json_schema");
      g.writeObjectFieldStart("json_schema");
      g.writeStringField("name", js.name());
      g.writeFieldName("schema");
      String field = "responseFormat.schema";
      g.writeRawValue(js.strict() ? OpenAiStrictSchema.complete(js.schema(), field)
          : Json.requireJson(js.schema(), field));
      g.writeBooleanField("strict", js.strict());
      g.writeEndObject();
      g.writeEndObject();
    }
  }
}
