package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Role;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link ChatRequest} as a Messages API body: system prompt as the top-level field,
 * content blocks, tool results as user turns, thinking blocks sent back with their signatures,
 * and a JSON response format emulated with one forced tool whose input is the answer. {@code
 * tool_choice} is sent only with tools. The Messages API documents no limit on {@code
 * stop_sequences}, so they are passed through.
 */
final class AnthropicRequestWriter {
  /** The request-level provider option naming cache breakpoints; consumed, never sent. */
  static final String CACHE_OPTION = "cache_breakpoints";

  private AnthropicRequestWriter() {}

  /** The name of the tool that emulates a JSON response format, or null when text. */
  static @Nullable String jsonTool(ChatRequest r) {
    if (r.responseFormat() instanceof ResponseFormat.JsonSchema js) {
      return js.name();
    }
    return r.responseFormat() instanceof ResponseFormat.JsonObject ? "json" : null;
  }

  static byte[] write(ChatRequest r, String model, boolean stream, AnthropicSettings s) {
    Map<String, Object> extra = r.providerOptions(s.provider(), s.type());
    List<String> breakpoints = breakpoints(extra.get(CACHE_OPTION), s.cacheBreakpoints());
    String jsonTool = jsonTool(r);
    if (jsonTool != null && !r.tools().isEmpty()) {
      throw new ConfigurationException("responseFormat", "provider '" + s.provider()
          + "' (anthropic) emulates JSON output with a forced tool, so it cannot be combined"
          + " with the request's own tools; drop one of them");
    }
    if (r.temperature().isPresent() && r.temperature().getAsDouble() > 1.0) {
      throw new ConfigurationException("temperature", "anthropic accepts 0.0 to 1.0, was "
          + r.temperature().getAsDouble());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.setCodec(Json.MAPPER);
      g.writeStartObject();
      g.writeStringField("model", model);
      if (!extra.containsKey("max_tokens")) {
        g.writeNumberField("max_tokens", maxTokens(r, model, s, extra));
      }
      writeSystem(g, r.messages(), breakpoints.contains("system"));
      writeMessages(g, r.messages(), breakpoints.contains("messages"));
      if (jsonTool != null) {
        writeJsonTool(g, jsonTool, r.responseFormat());
      } else if (!r.tools().isEmpty() && !extra.containsKey("tools")) {
        writeTools(g, r.tools(), breakpoints.contains("tools"));
      }
      // Without tools a choice means nothing; ChatRequest rejects the two kinds that need one.
      boolean hasTools = jsonTool != null || !r.tools().isEmpty() || extra.containsKey("tools");
      if (hasTools && !extra.containsKey("tool_choice")) {
        writeToolChoice(g, r, jsonTool);
      }
      if (r.temperature().isPresent() && !extra.containsKey("temperature")) {
        g.writeNumberField("temperature", r.temperature().getAsDouble());
      }
      if (r.topP().isPresent() && !extra.containsKey("top_p")) {
        g.writeNumberField("top_p", r.topP().getAsDouble());
      }
      if (!r.stop().isEmpty() && !extra.containsKey("stop_sequences")) {
        g.writeArrayFieldStart("stop_sequences");
        for (String stop : r.stop()) {
          g.writeString(stop);
        }
        g.writeEndArray();
      }
      // seed: the Messages API has no such parameter; it is a best-effort hint everywhere, so
      // it is dropped rather than failing the call.
      if (stream) {
        g.writeBooleanField("stream", true);
      }
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        String k = e.getKey();
        if (!k.equals(CACHE_OPTION) && !k.equals("model") && !k.equals("messages")
            && !k.equals("stream") && !k.equals("system")) {
          g.writeObjectField(k, e.getValue());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static List<String> breakpoints(@Nullable Object requested, List<String> defaults) {
    if (requested == null) {
      return defaults;
    }
    List<String> list = new ArrayList<>();
    if (requested instanceof List<?> l) {
      l.forEach(o -> list.add(String.valueOf(o)));
    } else {
      for (String p : requested.toString().split(",")) {
        list.add(p.strip());
      }
    }
    for (String p : list) {
      if (!p.equals("system") && !p.equals("tools") && !p.equals("messages")) {
        throw new ConfigurationException("providerOptions.anthropic." + CACHE_OPTION,
            "entries must be system, tools or messages, was '" + p + "'");
      }
    }
    return list;
  }

  private static int maxTokens(ChatRequest r, String model, AnthropicSettings s,
      Map<String, Object> extra) {
    if (r.maxOutputTokens().isPresent()) {
      return r.maxOutputTokens().getAsInt();
    }
    if (s.maxTokens() > 0) {
      return s.maxTokens();
    }
    int budget = 0;
    if (extra.get("thinking") instanceof Map<?, ?> thinking
        && thinking.get("budget_tokens") instanceof Number n) {
      budget = n.intValue();
    }
    return AnthropicModels.defaultMaxTokens(model, budget);
  }

  private static void writeSystem(JsonGenerator g, List<Message> messages, boolean cache)
      throws IOException {
    StringBuilder system = new StringBuilder();
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(m.text());
      }
    }
    if (system.length() == 0) {
      return;
    }
    if (!cache) {
      g.writeStringField("system", system.toString());
      return;
    }
    g.writeArrayFieldStart("system");
    g.writeStartObject();
    g.writeStringField("type", "text");
    g.writeStringField("text", system.toString());
    writeCacheControl(g);
    g.writeEndObject();
    g.writeEndArray();
  }

  private static void writeCacheControl(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("cache_control");
    g.writeStringField("type", "ephemeral");
    g.writeEndObject();
  }

  /** One Messages-API turn: a role and the blocks merged into it. */
  private record Turn(String role, List<ContentPart> blocks) {}

  private static List<Turn> turns(List<Message> messages) {
    List<Turn> turns = new ArrayList<>();
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
      // Tool results answer the previous assistant turn and must open the next user turn;
      // consecutive tool messages (parallel calls) and a following user message join it.
      if (last != null && last.role().equals(role) && role.equals("user")
          && last.blocks().get(0) instanceof ContentPart.ToolResult) {
        last.blocks().addAll(m.content());
      } else {
        turns.add(new Turn(role, new ArrayList<>(m.content())));
      }
    }
    return turns;
  }

  private static void writeMessages(JsonGenerator g, List<Message> messages, boolean cache)
      throws IOException {
    List<Turn> turns = turns(messages);
    g.writeArrayFieldStart("messages");
    for (int t = 0; t < turns.size(); t++) {
      Turn turn = turns.get(t);
      boolean cacheHere = cache && t == turns.size() - 1;
      g.writeStartObject();
      g.writeStringField("role", turn.role());
      g.writeArrayFieldStart("content");
      List<ContentPart> blocks = writable(turn.blocks());
      for (int i = 0; i < blocks.size(); i++) {
        writeBlock(g, blocks.get(i), cacheHere && i == blocks.size() - 1);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Drops what the API rejects: empty text, and reasoning without a signature. */
  private static List<ContentPart> writable(List<ContentPart> blocks) {
    List<ContentPart> out = new ArrayList<>(blocks.size());
    for (ContentPart p : blocks) {
      if (p instanceof ContentPart.Text t && t.text().isEmpty()) {
        continue;
      }
      if (p instanceof ContentPart.Reasoning rs && !rs.redacted() && rs.signature() == null) {
        continue;
      }
      out.add(p);
    }
    if (out.isEmpty()) {
      out.add(new ContentPart.Text(" "));
    }
    return out;
  }

  private static void writeBlock(JsonGenerator g, ContentPart p, boolean cache)
      throws IOException {
    g.writeStartObject();
    if (p instanceof ContentPart.Text t) {
      g.writeStringField("type", "text");
      g.writeStringField("text", t.text());
    } else if (p instanceof ContentPart.ImageData img) {
      writeBase64Image(g, img.mediaType(), img.base64());
    } else if (p instanceof ContentPart.ImageUrl img) {
      writeImageUrl(g, img.url());
    } else if (p instanceof ContentPart.ToolCall c) {
      g.writeStringField("type", "tool_use");
      g.writeStringField("id", c.id());
      g.writeStringField("name", c.name());
      g.writeFieldName("input");
      String args = c.arguments().isBlank() ? "{}" : c.arguments();
      g.writeRawValue(Json.requireJson(args, "tool call " + c.id() + " arguments"));
    } else if (p instanceof ContentPart.ToolResult r) {
      g.writeStringField("type", "tool_result");
      g.writeStringField("tool_use_id", r.toolCallId());
      g.writeStringField("content", r.content());
      if (r.error()) {
        g.writeBooleanField("is_error", true);
      }
    } else if (p instanceof ContentPart.Reasoning rs) {
      if (rs.redacted()) {
        g.writeStringField("type", "redacted_thinking");
        g.writeStringField("data", rs.text());
      } else {
        g.writeStringField("type", "thinking");
        g.writeStringField("thinking", rs.text());
        g.writeStringField("signature", rs.signature());
      }
    }
    if (cache) {
      writeCacheControl(g);
    }
    g.writeEndObject();
  }

  private static void writeBase64Image(JsonGenerator g, String mediaType, String data)
      throws IOException {
    g.writeStringField("type", "image");
    g.writeObjectFieldStart("source");
    g.writeStringField("type", "base64");
    g.writeStringField("media_type", mediaType);
    g.writeStringField("data", data);
    g.writeEndObject();
  }

  private static void writeImageUrl(JsonGenerator g, URI url) throws IOException {
    String scheme = url.getScheme();
    if ("data".equals(scheme)) {
      String s = url.toString();
      int comma = s.indexOf(',');
      int semi = s.indexOf(';');
      if (comma < 0 || semi < 0 || semi > comma || !s.substring(semi, comma).equals(";base64")) {
        throw new ConfigurationException("messages.image", "anthropic needs a base64 data URL"
            + " (data:image/png;base64,...)");
      }
      String data = s.substring(comma + 1);
      Base64.getDecoder().decode(data); // fail here, not at the provider, on bad base64
      writeBase64Image(g, s.substring(5, semi), data);
      return;
    }
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new ConfigurationException("messages.image", "anthropic accepts image URLs over"
          + " http(s) or data: only, was '" + scheme + ":'");
    }
    g.writeStringField("type", "image");
    g.writeObjectFieldStart("source");
    g.writeStringField("type", "url");
    g.writeStringField("url", url.toString());
    g.writeEndObject();
  }

  private static void writeTools(JsonGenerator g, List<Tool> tools, boolean cache)
      throws IOException {
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      g.writeStartObject();
      g.writeStringField("name", t.name());
      if (!t.description().isEmpty()) {
        g.writeStringField("description", t.description());
      }
      g.writeFieldName("input_schema");
      g.writeRawValue(Json.requireJson(t.parameters(), "tools[" + i + "].parameters"));
      if (cache && i == tools.size() - 1) {
        writeCacheControl(g);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeJsonTool(JsonGenerator g, String name, ResponseFormat format)
      throws IOException {
    g.writeArrayFieldStart("tools");
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("description", "Respond with the answer as this tool's input.");
    g.writeFieldName("input_schema");
    if (format instanceof ResponseFormat.JsonSchema js) {
      g.writeRawValue(Json.requireJson(js.schema(), "responseFormat.schema"));
    } else {
      g.writeRawValue("{\"type\":\"object\",\"additionalProperties\":true}");
    }
    g.writeEndObject();
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ChatRequest r, @Nullable String jsonTool)
      throws IOException {
    if (jsonTool != null) {
      g.writeObjectFieldStart("tool_choice");
      g.writeStringField("type", "tool");
      g.writeStringField("name", jsonTool);
      g.writeEndObject();
      return;
    }
    ToolChoice choice = r.toolChoice().orElse(null);
    boolean noParallel = r.parallelToolCalls().isPresent() && !r.parallelToolCalls().get()
        && !r.tools().isEmpty();
    if (choice == null && !noParallel) {
      return;
    }
    g.writeObjectFieldStart("tool_choice");
    if (choice instanceof ToolChoice.Specific s) {
      g.writeStringField("type", "tool");
      g.writeStringField("name", s.name());
    } else if (choice instanceof ToolChoice.Required) {
      g.writeStringField("type", "any");
    } else if (choice instanceof ToolChoice.None) {
      g.writeStringField("type", "none");
    } else {
      g.writeStringField("type", "auto");
    }
    if (noParallel && !(choice instanceof ToolChoice.None)) {
      g.writeBooleanField("disable_parallel_tool_use", true);
    }
    g.writeEndObject();
  }
}
