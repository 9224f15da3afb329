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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link ChatRequest} as a Bedrock Converse body, the one shape every Bedrock model
 * takes: {@code system[]}, {@code messages[].content[]} blocks ({@code text}, {@code image},
 * {@code toolUse}, {@code toolResult}, {@code reasoningContent}), {@code inferenceConfig},
 * {@code toolConfig}. A JSON response format is emulated with one forced tool whose input is the
 * answer (as for Anthropic); {@code cachePoint} blocks mark the cache breakpoints asked for.
 *
 * <p>Provider options: Converse's own top-level fields ({@code additionalModelRequestFields},
 * {@code guardrailConfig}, {@code performanceConfig}, {@code requestMetadata}, {@code
 * additionalModelResponseFieldPaths}, {@code promptVariables}, {@code serviceTier}) are written
 * as given; any other key (such as Claude's {@code thinking} or {@code top_k}) goes into {@code
 * additionalModelRequestFields}, where Bedrock passes it to the model.
 */
final class BedrockRequestWriter {
  /** The request-level provider option naming cache breakpoints; consumed, never sent. */
  static final String CACHE_OPTION = "cache_breakpoints";
  private static final Set<String> TOP_LEVEL = Set.of("additionalModelRequestFields",
      "guardrailConfig", "performanceConfig", "requestMetadata",
      "additionalModelResponseFieldPaths", "promptVariables", "serviceTier");
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

  private BedrockRequestWriter() {}

  /** The name of the tool that emulates a JSON response format, or null when text. */
  static @Nullable String jsonTool(ChatRequest r) {
    if (r.responseFormat() instanceof ResponseFormat.JsonSchema js) {
      return js.name();
    }
    return r.responseFormat() instanceof ResponseFormat.JsonObject ? "json" : null;
  }

  static byte[] write(ChatRequest r, BedrockSettings s) {
    Map<String, Object> extra = r.providerOptions(s.provider(), s.type());
    List<String> breakpoints = breakpoints(extra.get(CACHE_OPTION), s.cacheBreakpoints());
    String jsonTool = jsonTool(r);
    if (jsonTool != null && !r.tools().isEmpty()) {
      throw new ConfigurationException("responseFormat", "provider '" + s.provider()
          + "' (bedrock) emulates JSON output with a forced tool, so it cannot be combined"
          + " with the request's own tools; drop one of them");
    }
    boolean history = hasToolBlocks(r.messages());
    boolean noTools = r.toolChoice().orElse(null) instanceof ToolChoice.None;
    if (noTools && history) {
      throw new ConfigurationException("toolChoice", "bedrock (Converse) has no 'none' tool"
          + " choice, and a conversation with tool calls must declare its tools; drop the"
          + " tool choice or the tools");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.setCodec(Json.MAPPER);
      g.writeStartObject();
      writeMessages(g, r.messages(), breakpoints.contains("messages"));
      writeSystem(g, r.messages(), breakpoints.contains("system"));
      writeInference(g, r, s);
      if (jsonTool != null) {
        writeJsonTool(g, jsonTool, r.responseFormat());
      } else if (!r.tools().isEmpty() && !noTools) {
        writeTools(g, r, breakpoints.contains("tools"));
      }
      Map<String, Object> model = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Object> e : extra.entrySet()) {
        String k = e.getKey();
        if (k.equals(CACHE_OPTION)) {
          continue;
        }
        if (TOP_LEVEL.contains(k)) {
          if (!k.equals("additionalModelRequestFields")) {
            g.writeObjectField(k, e.getValue());
          } else if (e.getValue() instanceof Map<?, ?> m) {
            m.forEach((mk, mv) -> model.put(String.valueOf(mk), mv));
          } else {
            throw new ConfigurationException("providerOptions.bedrock."
                + "additionalModelRequestFields", "must be an object");
          }
        } else {
          model.put(k, e.getValue());
        }
      }
      if (!model.isEmpty()) {
        g.writeObjectField("additionalModelRequestFields", model);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static boolean hasToolBlocks(List<Message> messages) {
    for (Message m : messages) {
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.ToolCall || p instanceof ContentPart.ToolResult) {
          return true;
        }
      }
    }
    return false;
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
        throw new ConfigurationException("providerOptions.bedrock." + CACHE_OPTION,
            "entries must be system, tools or messages, was '" + p + "'");
      }
    }
    return list;
  }

  private static void writeInference(JsonGenerator g, ChatRequest r, BedrockSettings s)
      throws IOException {
    int maxTokens = r.maxOutputTokens().isPresent() ? r.maxOutputTokens().getAsInt()
        : s.maxTokens();
    if (maxTokens <= 0 && r.temperature().isEmpty() && r.topP().isEmpty()
        && r.stop().isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("inferenceConfig");
    if (maxTokens > 0) {
      g.writeNumberField("maxTokens", maxTokens);
    }
    if (r.temperature().isPresent()) {
      g.writeNumberField("temperature", r.temperature().getAsDouble());
    }
    if (r.topP().isPresent()) {
      g.writeNumberField("topP", r.topP().getAsDouble());
    }
    if (!r.stop().isEmpty()) {
      g.writeArrayFieldStart("stopSequences");
      for (String stop : r.stop()) {
        g.writeString(stop);
      }
      g.writeEndArray();
    }
    // seed: Converse has no such parameter; a best-effort hint everywhere, so it is dropped.
    g.writeEndObject();
  }

  private static void writeSystem(JsonGenerator g, List<Message> messages, boolean cache)
      throws IOException {
    boolean any = false;
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM && !m.text().isEmpty()) {
        if (!any) {
          g.writeArrayFieldStart("system");
          any = true;
        }
        g.writeStartObject();
        g.writeStringField("text", m.text());
        g.writeEndObject();
      }
    }
    if (any) {
      if (cache) {
        writeCachePoint(g);
      }
      g.writeEndArray();
    }
  }

  private static void writeCachePoint(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("cachePoint");
    g.writeStringField("type", "default");
    g.writeEndObject();
    g.writeEndObject();
  }

  /** One Converse turn: a role and the blocks merged into it (roles must alternate). */
  private record Turn(String role, List<ContentPart> blocks) {}

  private static List<Turn> turns(List<Message> messages) {
    List<Turn> turns = new ArrayList<>();
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
      // Converse rejects two turns of the same role in a row: tool results (user turns) and a
      // following user message are merged into one turn, as are consecutive user messages.
      if (last != null && last.role().equals(role)) {
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
      g.writeStartObject();
      g.writeStringField("role", turn.role());
      g.writeArrayFieldStart("content");
      for (ContentPart p : writable(turn.blocks())) {
        writeBlock(g, p);
      }
      if (cache && t == turns.size() - 1) {
        writeCachePoint(g);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Drops what Converse rejects: empty text, and reasoning without a signature. */
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

  private static void writeBlock(JsonGenerator g, ContentPart p) throws IOException {
    g.writeStartObject();
    if (p instanceof ContentPart.Text t) {
      g.writeStringField("text", t.text());
    } else if (p instanceof ContentPart.ImageData img) {
      writeImage(g, img.mediaType(), img.base64());
    } else if (p instanceof ContentPart.ImageUrl img) {
      writeImageUrl(g, img.url());
    } else if (p instanceof ContentPart.ToolCall c) {
      g.writeObjectFieldStart("toolUse");
      g.writeStringField("toolUseId", c.id());
      g.writeStringField("name", c.name());
      g.writeFieldName("input");
      String args = c.arguments().isBlank() ? "{}" : c.arguments();
      g.writeRawValue(Json.requireJson(args, "tool call " + c.id() + " arguments"));
      g.writeEndObject();
    } else if (p instanceof ContentPart.ToolResult r) {
      g.writeObjectFieldStart("toolResult");
      g.writeStringField("toolUseId", r.toolCallId());
      g.writeArrayFieldStart("content");
      g.writeStartObject();
      g.writeStringField("text", r.content());
      g.writeEndObject();
      g.writeEndArray();
      if (r.error()) {
        g.writeStringField("status", "error");
      }
      g.writeEndObject();
    } else if (p instanceof ContentPart.Reasoning rs) {
      g.writeObjectFieldStart("reasoningContent");
      if (rs.redacted()) {
        g.writeStringField("redactedContent", rs.text());
      } else {
        g.writeObjectFieldStart("reasoningText");
        g.writeStringField("text", rs.text());
        g.writeStringField("signature", rs.signature());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeImage(JsonGenerator g, String mediaType, String base64)
      throws IOException {
    String format = mediaType.toLowerCase(Locale.ROOT).replace("image/", "").replace("jpg",
        "jpeg");
    if (!IMAGE_FORMATS.contains(format)) {
      throw new ConfigurationException("messages.image", "bedrock accepts png, jpeg, gif or"
          + " webp images, was '" + mediaType + "'");
    }
    g.writeObjectFieldStart("image");
    g.writeStringField("format", format);
    g.writeObjectFieldStart("source");
    g.writeStringField("bytes", base64);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeImageUrl(JsonGenerator g, URI url) throws IOException {
    String scheme = url.getScheme();
    String s = url.toString();
    if ("data".equals(scheme)) {
      int comma = s.indexOf(',');
      int semi = s.indexOf(';');
      if (comma < 0 || semi < 0 || semi > comma || !s.substring(semi, comma).equals(";base64")) {
        throw new ConfigurationException("messages.image", "bedrock needs a base64 data URL"
            + " (data:image/png;base64,...)");
      }
      String data = s.substring(comma + 1);
      Base64.getDecoder().decode(data); // fail here, not at the provider, on bad base64
      writeImage(g, s.substring(5, semi), data);
      return;
    }
    throw new ConfigurationException("messages.image", "bedrock does not fetch image URLs;"
        + " send the bytes (ContentPart.ImageData) or a data: URL, was '"
        + scheme + ":'");
  }

  private static void writeTools(JsonGenerator g, ChatRequest r, boolean cache)
      throws IOException {
    List<Tool> tools = r.tools();
    g.writeObjectFieldStart("toolConfig");
    g.writeArrayFieldStart("tools");
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      writeToolSpec(g, t.name(), t.description(),
          Json.requireJson(t.parameters(), "tools[" + i + "].parameters"));
    }
    if (cache) {
      writeCachePoint(g);
    }
    g.writeEndArray();
    ToolChoice choice = r.toolChoice().orElse(null);
    if (choice instanceof ToolChoice.Specific sp) {
      g.writeObjectFieldStart("toolChoice");
      g.writeObjectFieldStart("tool");
      g.writeStringField("name", sp.name());
      g.writeEndObject();
      g.writeEndObject();
    } else if (choice instanceof ToolChoice.Required) {
      g.writeObjectFieldStart("toolChoice");
      g.writeObjectFieldStart("any");
      g.writeEndObject();
      g.writeEndObject();
    }
    // auto is Converse's default: nothing is sent, so models without toolChoice support
    // (Llama, Cohere) accept the request.
    g.writeEndObject();
  }

  private static void writeToolSpec(JsonGenerator g, String name, String description,
      String schema) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("toolSpec");
    g.writeStringField("name", name);
    if (!description.isEmpty()) {
      g.writeStringField("description", description);
    }
    g.writeObjectFieldStart("inputSchema");
    g.writeFieldName("json");
    g.writeRawValue(schema);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeJsonTool(JsonGenerator g, String name, ResponseFormat format)
      throws IOException {
    g.writeObjectFieldStart("toolConfig");
    g.writeArrayFieldStart("tools");
    writeToolSpec(g, name, "Respond with the answer as this tool's input.",
        format instanceof ResponseFormat.JsonSchema js
            ? Json.requireJson(js.schema(), "responseFormat.schema")
            : "{\"type\":\"object\",\"additionalProperties\":true}");
    g.writeEndArray();
    g.writeObjectFieldStart("toolChoice");
    g.writeObjectFieldStart("tool");
    g.writeStringField("name", name);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }
}
