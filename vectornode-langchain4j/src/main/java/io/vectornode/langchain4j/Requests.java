package io.vectornode.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.vectornode.ContentPart;
import io.vectornode.ImageDetail;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Role;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a LangChain4j {@link ChatRequest} into a VectorNode one: messages, tools and tool choice,
 * response format, sampling settings, and the target (model or task). Stateless apart from the
 * model's settings; thread-safe.
 *
 * @param model the default model reference, or null
 * @param task the default task, or null
 * @param tags tags added to every call
 * @param timeout the default deadline of a call, or null
 * @param strictTools whether tools without their own {@code strict} flag are sent strict
 * @param strictJsonSchema whether a JSON schema response format is sent strict
 */
record Requests(@Nullable String model, @Nullable String task, Map<String, String> tags,
    @Nullable Duration timeout, boolean strictTools, boolean strictJsonSchema) {

  private static final String NO_PENALTIES = " is not supported by VectorNode's common request;"
      + " set it per provider with VectorNodeChatRequestParameters.providerOption(provider, key,"
      + " value)";

  /**
   * Maps a request.
   *
   * @param request the LangChain4j request, its parameters already merged with the defaults
   * @return the VectorNode request
   * @throws UnsupportedFeatureException for content or parameters VectorNode cannot send
   * @throws IllegalArgumentException for values VectorNode rejects (its message names them)
   */
  io.vectornode.ChatRequest map(ChatRequest request) {
    ChatRequestParameters p = request.parameters();
    rejectUnsupported(p);
    io.vectornode.ChatRequest.Builder b = io.vectornode.ChatRequest.builder();
    target(b, p);
    for (ChatMessage m : request.messages()) {
      b.message(message(m));
    }
    List<ToolSpecification> specs = p.toolSpecifications();
    if (specs != null) {
      for (ToolSpecification s : specs) {
        b.tool(tool(s));
      }
    }
    if (p.toolChoice() != null && specs != null && !specs.isEmpty()) {
      b.toolChoice(switch (p.toolChoice()) {
        case AUTO -> ToolChoice.auto();
        case REQUIRED -> ToolChoice.required();
        case NONE -> ToolChoice.none();
      });
    }
    dev.langchain4j.model.chat.request.ResponseFormat format = p.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      JsonSchema schema = format.jsonSchema();
      b.responseFormat(schema == null || schema.rootElement() == null
          ? ResponseFormat.jsonObject()
          : new ResponseFormat.JsonSchema(schemaName(schema.name()),
              Schemas.json(schema.rootElement()), strictJsonSchema));
    }
    b.temperature(p.temperature()).topP(p.topP()).maxOutputTokens(p.maxOutputTokens());
    if (p.stopSequences() != null) {
      b.stop(p.stopSequences());
    }
    b.tags(tags).timeout(timeout);
    if (p instanceof VectorNodeChatRequestParameters v) {
      b.tags(v.tags()).seed(v.seed()).parallelToolCalls(v.parallelToolCalls());
      if (v.timeout() != null) {
        b.timeout(v.timeout());
      }
      v.providerOptions().forEach((provider, fields) ->
          fields.forEach((k, value) -> b.providerOption(provider, k, value)));
    }
    return b.build();
  }

  /**
   * The request's own model or task if it names one, else the adapter's default: a model named
   * on the request is not overridden by a default task.
   */
  private void target(io.vectornode.ChatRequest.Builder b, ChatRequestParameters p) {
    String requestTask = p instanceof VectorNodeChatRequestParameters v ? v.task() : null;
    if (p.modelName() != null || requestTask != null) {
      b.model(p.modelName()).task(requestTask);
    } else {
      b.model(model).task(task);
    }
  }

  private static void rejectUnsupported(ChatRequestParameters p) {
    if (p.topK() != null) {
      throw new UnsupportedFeatureException("topK" + NO_PENALTIES);
    }
    if (p.frequencyPenalty() != null) {
      throw new UnsupportedFeatureException("frequencyPenalty" + NO_PENALTIES);
    }
    if (p.presencePenalty() != null) {
      throw new UnsupportedFeatureException("presencePenalty" + NO_PENALTIES);
    }
  }

  static Message message(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return Message.system(s.text());
    }
    if (m instanceof UserMessage u) {
      List<ContentPart> parts = new ArrayList<>(u.contents().size());
      for (Content c : u.contents()) {
        parts.add(userPart(c));
      }
      return new Message(Role.USER, parts);
    }
    if (m instanceof AiMessage a) {
      return assistant(a);
    }
    if (m instanceof ToolExecutionResultMessage r) {
      return toolResult(r);
    }
    throw new UnsupportedFeatureException(
        "message type " + m.type() + " is not supported by VectorNode");
  }

  private static ContentPart userPart(Content c) {
    if (c instanceof TextContent t) {
      return new ContentPart.Text(t.text());
    }
    if (c instanceof ImageContent img) {
      ImageDetail detail = switch (img.detailLevel()) {
        case LOW -> ImageDetail.LOW;
        case HIGH, ULTRA_HIGH -> ImageDetail.HIGH;
        case MEDIUM, AUTO -> ImageDetail.AUTO;
      };
      Image image = img.image();
      if (image.url() != null) {
        return new ContentPart.ImageUrl(URI.create(image.url().toString()), detail);
      }
      if (image.base64Data() != null && image.mimeType() != null) {
        return new ContentPart.ImageData(Base64.getMimeDecoder().decode(image.base64Data()),
            image.mimeType(), detail);
      }
      throw new UnsupportedFeatureException("an image needs a URL or base64 data and a mime type");
    }
    throw new UnsupportedFeatureException("user content of type " + c.type()
        + " is not supported by VectorNode (text and images are)");
  }

  private static Message assistant(AiMessage a) {
    List<ContentPart> parts = new ArrayList<>(2);
    if (a.thinking() != null && !a.thinking().isEmpty()) {
      // Unsigned reasoning is dropped by the providers that need a signature (Anthropic).
      Object signature = a.attributes().get(Responses.THINKING_SIGNATURE);
      Object id = a.attributes().get(Responses.REASONING_ID);
      parts.add(new ContentPart.Reasoning(a.thinking(),
          signature instanceof String sig ? sig : null, false, id instanceof String s ? s : null));
    }
    if (a.text() != null && (!a.text().isEmpty() || !a.hasToolExecutionRequests())) {
      parts.add(new ContentPart.Text(a.text()));
    }
    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
      parts.add(new ContentPart.ToolCall(callId(r.id(), r.name()), r.name(),
          r.arguments() == null || r.arguments().isBlank() ? "{}" : r.arguments()));
    }
    if (parts.isEmpty()) {
      parts.add(new ContentPart.Text(""));
    }
    return new Message(Role.ASSISTANT, parts);
  }

  private static Message toolResult(ToolExecutionResultMessage r) {
    StringBuilder text = new StringBuilder();
    for (Content c : r.contents()) {
      if (c instanceof TextContent t) {
        text.append(t.text());
      } else {
        throw new UnsupportedFeatureException("tool result content of type " + c.type()
            + " is not supported by VectorNode (text is)");
      }
    }
    return new Message(Role.TOOL, List.of(new ContentPart.ToolResult(
        callId(r.id(), r.toolName()), text.toString(), Boolean.TRUE.equals(r.isError()))));
  }

  /**
   * A tool call's id. LangChain4j allows none (some of its providers send none); VectorNode needs
   * one to pair a result with its call, and VectorNode's own answers always carry one: the tool's
   * name stands in.
   */
  private static String callId(@Nullable String id, @Nullable String name) {
    if (id != null && !id.isBlank()) {
      return id;
    }
    if (name != null && !name.isBlank()) {
      return name;
    }
    throw new IllegalArgumentException("tool call: needs an id or a tool name");
  }

  private Tool tool(ToolSpecification s) {
    JsonObjectSchema parameters = s.parameters();
    String schema = parameters == null ? "{\"type\":\"object\",\"properties\":{}}"
        : Schemas.json(parameters);
    boolean strict = s.strict() != null ? s.strict() : strictTools;
    return new Tool(s.name(), s.description() == null ? "" : s.description(), schema, strict);
  }

  /** LangChain4j names a schema freely (often a class name); VectorNode takes 1-64 [\w-]. */
  static String schemaName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return "response";
    }
    String clean = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return clean.length() > 64 ? clean.substring(0, 64) : clean;
  }
}
