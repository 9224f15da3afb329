package io.vectornode.providers.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;

import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import io.vectornode.error.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link ChatRequest} as a {@code generateContent} body: {@code contents} with roles
 * {@code user} and {@code model}, {@code systemInstruction}, {@code inlineData} images, function
 * declarations, calls and responses, and a {@code generationConfig} with the JSON schema
 * converted to Gemini's subset.
 *
 * <p>Shapes the API documents as required or refused: every function declaration has a {@code
 * description} (the tool's name when it has none); {@code toolConfig} is sent only with tools;
 * more than {@value #MAX_STOP} stop sequences fail with a {@link ConfigurationException} before
 * sending.
 */
final class GeminiRequestWriter {
  /** Ids VectorNode made up for calls Gemini sent without one; never sent back. */
  static final String SYNTHETIC_ID = "vn-gemini-";

  /** {@code generationConfig.stopSequences}: "The set of character sequences (up to 5)". */
  static final int MAX_STOP = 5;

  private GeminiRequestWriter() {}

  static byte[] write(ChatRequest r, String provider, String type) {
    Map<String, Object> extra = r.providerOptions(provider, type);
    ObjectNode body = Json.MAPPER.createObjectNode();
    Map<String, String> callNames = new HashMap<>();
    ArrayNode contents = body.putArray("contents");
    StringBuilder system = new StringBuilder();
    for (Message m : r.messages()) {
      switch (m.role()) {
        case SYSTEM -> system.append(system.length() == 0 ? "" : "\n\n").append(m.text());
        case USER -> addTurn(contents, "user").set("parts", userParts(m));
        case ASSISTANT -> addTurn(contents, "model").set("parts", modelParts(m, callNames));
        case TOOL -> {
          ArrayNode parts = lastUserTurnForResults(contents);
          for (ContentPart p : m.content()) {
            parts.add(functionResponse((ContentPart.ToolResult) p, callNames));
          }
        }
      }
    }
    if (system.length() > 0) {
      body.putObject("systemInstruction").putArray("parts").addObject()
          .put("text", system.toString());
    }
    if (!r.tools().isEmpty()) {
      ArrayNode decls = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (int i = 0; i < r.tools().size(); i++) {
        Tool t = r.tools().get(i);
        // description is required (and an empty string is the same as none in proto3): a tool
        // without one is described by its name.
        ObjectNode d = decls.addObject().put("name", t.name())
            .put("description", t.description().isBlank() ? t.name() : t.description());
        ObjectNode params = GeminiSchema.convert(t.parameters(), "tools[" + i + "].parameters");
        // Gemini rejects an OBJECT without properties: a tool without arguments has none.
        if (params.has("properties") && !params.get("properties").isEmpty()) {
          d.set("parameters", params);
        }
      }
    }
    // Gemini refuses a function calling config without function declarations; without tools a
    // choice means nothing (ChatRequest rejects the two kinds that need a tool).
    boolean hasTools = !r.tools().isEmpty() || extra.containsKey("tools");
    r.toolChoice().filter(c -> hasTools).ifPresent(c -> {
      ObjectNode fc = body.putObject("toolConfig").putObject("functionCallingConfig");
      if (c instanceof ToolChoice.Specific s) {
        fc.put("mode", "ANY").putArray("allowedFunctionNames").add(s.name());
      } else {
        fc.put("mode", c instanceof ToolChoice.None ? "NONE"
            : c instanceof ToolChoice.Required ? "ANY" : "AUTO");
      }
    });
    ObjectNode gen = Json.MAPPER.createObjectNode();
    r.temperature().ifPresent(t -> gen.put("temperature", t));
    r.topP().ifPresent(p -> gen.put("topP", p));
    r.maxOutputTokens().ifPresent(n -> gen.put("maxOutputTokens", n));
    r.seed().ifPresent(s -> gen.put("seed", s));
    if (!r.stop().isEmpty()) {
      if (r.stop().size() > MAX_STOP && !(extra.get("generationConfig") instanceof Map<?, ?> m
          && m.containsKey("stopSequences"))) {
        throw new ConfigurationException("stop", "provider '" + provider + "' (" + type
            + ") accepts at most " + MAX_STOP + " stop sequences, was " + r.stop().size());
      }
      ArrayNode stops = gen.putArray("stopSequences");
      r.stop().forEach(stops::add);
    }
    if (r.responseFormat() instanceof ResponseFormat.JsonObject) {
      gen.put("responseMimeType", "application/json");
    } else if (r.responseFormat() instanceof ResponseFormat.JsonSchema js) {
      gen.put("responseMimeType", "application/json");
      gen.set("responseSchema", GeminiSchema.convert(js.schema(), "responseFormat.schema"));
    }
    if (extra.get("generationConfig") instanceof Map<?, ?> more) {
      gen.setAll((ObjectNode) Json.MAPPER.valueToTree(more));
    }
    if (!gen.isEmpty()) {
      body.set("generationConfig", gen);
    }
    for (Map.Entry<String, Object> e : extra.entrySet()) {
      if (!e.getKey().equals("generationConfig") && !e.getKey().equals("contents")) {
        body.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static ObjectNode addTurn(ArrayNode contents, String role) {
    return contents.addObject().put("role", role);
  }

  /** Tool results go in a user turn; parallel results share one. */
  private static ArrayNode lastUserTurnForResults(ArrayNode contents) {
    if (!contents.isEmpty()) {
      JsonNode last = contents.get(contents.size() - 1);
      if ("user".equals(last.path("role").asText())
          && last.path("parts").path(0).has("functionResponse")) {
        return (ArrayNode) last.get("parts");
      }
    }
    return addTurn(contents, "user").putArray("parts");
  }

  private static ArrayNode userParts(Message m) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.Text t) {
        parts.addObject().put("text", t.text());
      } else if (p instanceof ContentPart.ImageData img) {
        parts.addObject().putObject("inlineData").put("mimeType", img.mediaType())
            .put("data", img.base64());
      } else if (p instanceof ContentPart.ImageUrl img) {
        image(parts, img.url());
      }
    }
    return parts;
  }

  private static void image(ArrayNode parts, URI url) {
    String scheme = url.getScheme();
    String s = url.toString();
    if ("data".equals(scheme)) {
      int semi = s.indexOf(';');
      int comma = s.indexOf(',');
      if (semi < 0 || comma < semi || !s.substring(semi, comma).equals(";base64")) {
        throw new ConfigurationException("messages.image",
            "gemini needs a base64 data URL (data:image/png;base64,...)");
      }
      parts.addObject().putObject("inlineData").put("mimeType", s.substring(5, semi))
          .put("data", s.substring(comma + 1));
    } else if ("gs".equals(scheme)) {
      parts.addObject().putObject("fileData").put("mimeType", mimeOf(s)).put("fileUri", s);
    } else {
      throw new ConfigurationException("messages.image", "gemini cannot fetch image URLs ("
          + scheme + ":); send the bytes as ContentPart.ImageData or use a gs:// URI");
    }
  }

  private static String mimeOf(String uri) {
    String u = uri.toLowerCase(Locale.ROOT);
    if (u.endsWith(".png")) {
      return "image/png";
    }
    if (u.endsWith(".jpg") || u.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (u.endsWith(".webp")) {
      return "image/webp";
    }
    if (u.endsWith(".gif")) {
      return "image/gif";
    }
    throw new ConfigurationException("messages.image",
        "cannot tell the image type of '" + uri + "' from its extension");
  }

  private static ArrayNode modelParts(Message m, Map<String, String> callNames) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    String signature = null;
    List<ContentPart> content = m.content();
    for (ContentPart p : content) {
      if (p instanceof ContentPart.Reasoning rs) {
        if (rs.text().isEmpty() && rs.signature() != null) {
          signature = rs.signature(); // belongs to the next part
          continue;
        }
        ObjectNode part = parts.addObject().put("text", rs.text()).put("thought", true);
        if (rs.signature() != null) {
          part.put("thoughtSignature", rs.signature());
        }
        continue;
      }
      ObjectNode part = parts.addObject();
      if (p instanceof ContentPart.Text t) {
        part.put("text", t.text());
      } else if (p instanceof ContentPart.ToolCall c) {
        callNames.put(c.id(), c.name());
        ObjectNode fc = part.putObject("functionCall").put("name", c.name());
        if (!c.id().startsWith(SYNTHETIC_ID)) {
          fc.put("id", c.id());
        }
        fc.set("args", args(c));
      }
      if (signature != null) {
        part.put("thoughtSignature", signature);
        signature = null;
      }
    }
    if (signature != null) {
      parts.addObject().put("text", "").put("thoughtSignature", signature);
    }
    return parts;
  }

  private static JsonNode args(ContentPart.ToolCall c) {
    String a = c.arguments().isBlank() ? "{}" : c.arguments();
    try {
      JsonNode n = Json.MAPPER.readTree(Json.requireJson(a, "tool call " + c.id() + " arguments"));
      if (!n.isObject()) {
        throw new ConfigurationException("tool call " + c.id() + " arguments",
            "gemini needs a JSON object, was " + n.getNodeType());
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("tool call " + c.id() + " arguments", "is not JSON", e);
    }
  }

  private static ObjectNode functionResponse(ContentPart.ToolResult r,
      Map<String, String> callNames) {
    String name = callNames.get(r.toolCallId());
    if (name == null) {
      throw new ConfigurationException("messages.toolResult", "gemini needs the function name"
          + " of tool result '" + r.toolCallId() + "', but no earlier assistant message has a"
          + " tool call with that id");
    }
    ObjectNode part = Json.MAPPER.createObjectNode();
    ObjectNode fr = part.putObject("functionResponse").put("name", name);
    if (!r.toolCallId().startsWith(SYNTHETIC_ID)) {
      fr.put("id", r.toolCallId());
    }
    JsonNode parsed = tryParse(r.content());
    if (parsed != null && parsed.isObject() && !r.error()) {
      fr.set("response", parsed);
    } else {
      ObjectNode wrapped = fr.putObject("response");
      if (parsed != null) {
        wrapped.set(r.error() ? "error" : "result", parsed);
      } else {
        wrapped.put(r.error() ? "error" : "result", r.content());
      }
    }
    return part;
  }

  private static @Nullable JsonNode tryParse(String s) {
    String t = s.strip();
    if (t.isEmpty() || "{[\"-0123456789tfn".indexOf(t.charAt(0)) < 0) {
      return null;
    }
    try {
      // Whole text only: "14:05" is text, not the number 14 followed by something.
      return Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readTree(t);
    } catch (IOException e) {
      return null;
    }
  }
}
