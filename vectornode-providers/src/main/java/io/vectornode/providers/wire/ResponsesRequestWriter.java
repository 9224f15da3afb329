package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Role;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ChatRequest} as a Responses API request body.
 *
 * <p>The leading system messages become {@code instructions} (a later one, a {@code developer}
 * message in place); user turns are {@code message} items of {@code input_text} and {@code
 * input_image}; an assistant turn is, in its own order, {@code reasoning} items (those read from
 * a Responses answer: they carry an id and their {@code encrypted_content}), an assistant {@code
 * message} for its text, and a {@code function_call} item per tool call ({@code call_id} = the
 * {@link ContentPart.ToolCall#id()}); tool results are {@code function_call_output} items.
 * Tools are flat ({@code {type, name, description, parameters, strict}}); JSON output goes in
 * {@code text.format}. {@code store} is false unless configured, and with reasoning models
 * {@code include: ["reasoning.encrypted_content"]} asks for the reasoning to carry to the next
 * turn. The API has no stop sequences and no seed: asking for them fails before sending.
 *
 * <p>Provider options ({@link ChatRequest#providerOptions}) are written last and win, except
 * {@code reasoning_effort} (the Chat Completions spelling), which becomes {@code
 * reasoning.effort} so that a request works with either API.
 */
final class ResponsesRequestWriter {
  static final String ENCRYPTED = "reasoning.encrypted_content";

  private ResponsesRequestWriter() {}

  static byte[] write(ChatRequest request, String model, boolean stream, ResponsesSettings s) {
    Map<String, Object> extra = request.providerOptions(s.provider(), s.base().type());
    if (!request.stop().isEmpty() && !extra.containsKey("stop")) {
      throw new ConfigurationException("stop", "the OpenAI Responses API has no stop sequences"
          + " (provider '" + s.provider() + "', model '" + model + "'); drop them, or use"
          + " options.api: chat or auto, which sends such requests to Chat Completions");
    }
    if (request.seed().isPresent() && !extra.containsKey("seed")) {
      throw new ConfigurationException("seed", "the OpenAI Responses API takes no seed"
          + " (provider '" + s.provider() + "', model '" + model + "'); drop it, or use"
          + " options.api: chat or auto");
    }
    boolean reasons = OpenAiModels.reasons(model);
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.setCodec(Json.MAPPER);
      g.writeStartObject();
      g.writeStringField("model", model);
      writeInput(g, request.messages(), extra);
      if (!request.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, request.tools());
        if (request.parallelToolCalls().isPresent() && !extra.containsKey("parallel_tool_calls")) {
          g.writeBooleanField("parallel_tool_calls", request.parallelToolCalls().get());
        }
      }
      boolean hasTools = !request.tools().isEmpty() || extra.containsKey("tools");
      if (hasTools && request.toolChoice().isPresent() && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, request.toolChoice().get());
      }
      if (!extra.containsKey("text")) {
        writeFormat(g, request.responseFormat());
      }
      if (request.temperature().isPresent() && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", request.temperature().getAsDouble());
      }
      if (request.topP().isPresent() && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", request.topP().getAsDouble());
      }
      if (request.maxOutputTokens().isPresent() && !extra.containsKey("max_output_tokens")) {
        g.writeNumberField("max_output_tokens", request.maxOutputTokens().getAsInt());
      }
      if (!extra.containsKey("reasoning")) {
        Object e = extra.get("reasoning_effort");
        // The instance's default effort goes to reasoning models only (others answer 400 to
        // it); a request's own reasoning_effort is sent as asked.
        String effort = e != null ? String.valueOf(e) : reasons ? s.reasoningEffort() : null;
        String summary = reasons ? s.reasoningSummary() : null;
        if (effort != null || summary != null) {
          g.writeObjectFieldStart("reasoning");
          if (effort != null) {
            g.writeStringField("effort", effort);
          }
          if (summary != null) {
            g.writeStringField("summary", summary);
          }
          g.writeEndObject();
        }
      }
      boolean store = extra.get("store") instanceof Boolean b ? b : s.store();
      if (!extra.containsKey("store")) {
        g.writeBooleanField("store", store);
      }
      if (!store && reasons && !extra.containsKey("include")) {
        g.writeArrayFieldStart("include");
        g.writeString(ENCRYPTED);
        g.writeEndArray();
      }
      if (stream) {
        g.writeBooleanField("stream", true);
      }
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        String k = e.getKey();
        if (!k.equals("model") && !k.equals("input") && !k.equals("stream")
            && !k.equals("reasoning_effort")) {
          g.writeObjectField(k, e.getValue());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void writeInput(JsonGenerator g, List<Message> messages,
      Map<String, Object> extra) throws IOException {
    int first = 0;
    StringBuilder instructions = new StringBuilder();
    while (first < messages.size() && messages.get(first).role() == Role.SYSTEM) {
      if (instructions.length() > 0) {
        instructions.append("\n\n");
      }
      instructions.append(messages.get(first).text());
      first++;
    }
    if (first > 0 && !extra.containsKey("instructions")) {
      g.writeStringField("instructions", instructions.toString());
    }
    g.writeArrayFieldStart("input");
    for (int i = first; i < messages.size(); i++) {
      Message m = messages.get(i);
      switch (m.role()) {
        case SYSTEM -> {
          g.writeStartObject();
          g.writeStringField("type", "message");
          g.writeStringField("role", "developer");
          g.writeStringField("content", m.text());
          g.writeEndObject();
        }
        case USER -> writeUser(g, m);
        case ASSISTANT -> writeAssistant(g, m);
        case TOOL -> {
          for (ContentPart part : m.content()) {
            ContentPart.ToolResult r = (ContentPart.ToolResult) part;
            g.writeStartObject();
            g.writeStringField("type", "function_call_output");
            g.writeStringField("call_id", r.toolCallId());
            g.writeStringField("output", r.content());
            g.writeEndObject();
          }
        }
      }
    }
    g.writeEndArray();
  }

  private static void writeUser(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "message");
    g.writeStringField("role", "user");
    g.writeArrayFieldStart("content");
    for (ContentPart part : m.content()) {
      g.writeStartObject();
      if (part instanceof ContentPart.Text t) {
        g.writeStringField("type", "input_text");
        g.writeStringField("text", t.text());
      } else if (part instanceof ContentPart.ImageUrl img) {
        writeImage(g, img.url().toString(), img.detail());
      } else if (part instanceof ContentPart.ImageData img) {
        writeImage(g, "data:" + img.mediaType() + ";base64," + img.base64(), img.detail());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeImage(JsonGenerator g, String url, ImageDetail detail)
      throws IOException {
    g.writeStringField("type", "input_image");
    g.writeStringField("image_url", url);
    g.writeStringField("detail",
        detail == ImageDetail.LOW ? "low" : detail == ImageDetail.HIGH ? "high" : "auto");
  }

  /**
   * An assistant turn, part by part in its order. Reasoning without an id came from another API
   * or provider (Chat Completions, Anthropic, Gemini), which the Responses API cannot read back:
   * it is dropped, as the Chat Completions writer drops all reasoning.
   */
  private static void writeAssistant(JsonGenerator g, Message m) throws IOException {
    StringBuilder text = null;
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.Text t) {
        text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
        continue;
      }
      if (text != null) {
        writeAssistantText(g, text);
        text = null;
      }
      if (p instanceof ContentPart.Reasoning r && r.id() != null) {
        g.writeStartObject();
        g.writeStringField("type", "reasoning");
        g.writeStringField("id", r.id());
        g.writeArrayFieldStart("summary");
        if (!r.text().isEmpty()) {
          g.writeStartObject();
          g.writeStringField("type", "summary_text");
          g.writeStringField("text", r.text());
          g.writeEndObject();
        }
        g.writeEndArray();
        if (r.signature() != null) {
          g.writeStringField("encrypted_content", r.signature());
        }
        g.writeEndObject();
      } else if (p instanceof ContentPart.ToolCall c) {
        g.writeStartObject();
        g.writeStringField("type", "function_call");
        g.writeStringField("call_id", c.id());
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.arguments());
        g.writeEndObject();
      }
    }
    if (text != null) {
      writeAssistantText(g, text);
    }
  }

  private static void writeAssistantText(JsonGenerator g, CharSequence text) throws IOException {
    if (text.length() == 0) {
      return; // an empty text part (a tool-call turn's placeholder) is no message
    }
    g.writeStartObject();
    g.writeStringField("type", "message");
    g.writeStringField("role", "assistant");
    g.writeStringField("content", text.toString());
    g.writeEndObject();
  }

  private static void writeTools(JsonGenerator g, List<Tool> tools) throws IOException {
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      g.writeStartObject();
      g.writeStringField("type", "function");
      g.writeStringField("name", t.name());
      if (!t.description().isEmpty()) {
        g.writeStringField("description", t.description());
      }
      g.writeFieldName("parameters");
      String field = "tools[" + i + "].parameters";
      g.writeRawValue(t.strict() ? OpenAiStrictSchema.complete(t.parameters(), field)
          : Json.requireJson(t.parameters(), field));
      g.writeBooleanField("strict", t.strict()); // the API requires the field
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    if (choice instanceof ToolChoice.Specific s) {
      g.writeObjectFieldStart("tool_choice");
      g.writeStringField("type", "function");
      g.writeStringField("name", s.name());
      g.writeEndObject();
    } else {
      g.writeStringField("tool_choice", choice instanceof ToolChoice.None ? "none"
          : choice instanceof ToolChoice.Required ? "required" : "auto");
    }
  }

  private static void writeFormat(JsonGenerator g, ResponseFormat format) throws IOException {
    if (format instanceof ResponseFormat.JsonObject) {
      g.writeObjectFieldStart("text");
      g.writeObjectFieldStart("format");
      g.writeStringField("type", "json_object");
      g.writeEndObject();
      g.writeEndObject();
    } else if (format instanceof ResponseFormat.JsonSchema js) {
      g.writeObjectFieldStart("text");
      g.writeObjectFieldStart("format");
      g.writeStringField("type", "json_schema");
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
