package io.vectornode.springai;

import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.ResponseFormat;
import io.vectornode.Role;
import io.vectornode.Tool;
import io.vectornode.ToolChoice;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Turns a Spring AI {@link Prompt} into a VectorNode request: messages (with images), options
 * merged over the model's defaults, tool definitions, tool choice and the output schema. Thread
 * safe.
 *
 * @param model the default model reference, or null
 * @param task the default task, or null
 * @param defaults the model's default options
 */
record Prompts(@Nullable String model, @Nullable String task, VectorNodeChatOptions defaults) {
  private static final String NOT_SENT = " is not supported by VectorNode's common request; set"
      + " it per provider with VectorNodeChatOptions.builder().providerOption(provider, key,"
      + " value)";

  ChatRequest map(Prompt prompt) {
    VectorNodeChatOptions o = merged(prompt.getOptions());
    ChatRequest.Builder b = ChatRequest.builder();
    if (named(prompt.getOptions())) {
      b.model(o.getModel()).task(o.getTask());
    } else {
      b.model(model).task(task);
    }
    for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
      Message mapped = message(m);
      if (mapped != null) {
        b.message(mapped);
      }
    }
    List<ToolCallback> callbacks = o.getToolCallbacks();
    if (callbacks != null) {
      for (ToolCallback c : callbacks) {
        ToolDefinition d = c.getToolDefinition();
        b.tool(new Tool(d.name(), d.description(), d.inputSchema(), false));
      }
    }
    if (o.getToolChoice() != null && callbacks != null && !callbacks.isEmpty()) {
      b.toolChoice(toolChoice(o.getToolChoice()));
    }
    if (o.getOutputSchema() != null && !o.getOutputSchema().isBlank()) {
      b.responseFormat(new ResponseFormat.JsonSchema("response", o.getOutputSchema(),
          o.getStrictOutputSchema() == null || o.getStrictOutputSchema()));
    }
    reject("topK", o.getTopK());
    reject("frequencyPenalty", o.getFrequencyPenalty());
    reject("presencePenalty", o.getPresencePenalty());
    b.temperature(o.getTemperature()).topP(o.getTopP()).maxOutputTokens(o.getMaxTokens())
        .tags(o.getTags()).seed(o.getSeed()).timeout(o.getTimeout())
        .parallelToolCalls(o.getParallelToolCalls());
    if (o.getStopSequences() != null) {
      b.stop(o.getStopSequences());
    }
    o.getProviderOptions().forEach((provider, fields) ->
        fields.forEach((k, v) -> b.providerOption(provider, k, v)));
    return b.build();
  }

  /** Whether the prompt's own options name a target (they then replace the default one). */
  private static boolean named(@Nullable ChatOptions options) {
    return options != null && (options.getModel() != null
        || options instanceof VectorNodeChatOptions v && v.getTask() != null);
  }

  /**
   * The prompt's options over the model's defaults: each value the prompt sets replaces the
   * default; tags and provider options merge key by key. Read through Spring AI's interfaces,
   * so that any {@link ChatOptions} works.
   */
  VectorNodeChatOptions merged(@Nullable ChatOptions p) {
    if (p == null) {
      return defaults;
    }
    VectorNodeChatOptions.Builder b = defaults.mutate();
    if (p instanceof VectorNodeChatOptions v) {
      b.copyExtras(v);
    }
    if (p.getModel() != null) {
      b.model(p.getModel());
    }
    if (p.getTemperature() != null) {
      b.temperature(p.getTemperature());
    }
    if (p.getTopP() != null) {
      b.topP(p.getTopP());
    }
    if (p.getTopK() != null) {
      b.topK(p.getTopK());
    }
    if (p.getMaxTokens() != null) {
      b.maxTokens(p.getMaxTokens());
    }
    if (p.getStopSequences() != null) {
      b.stopSequences(p.getStopSequences());
    }
    if (p.getFrequencyPenalty() != null) {
      b.frequencyPenalty(p.getFrequencyPenalty());
    }
    if (p.getPresencePenalty() != null) {
      b.presencePenalty(p.getPresencePenalty());
    }
    if (p instanceof ToolCallingChatOptions t) {
      if (t.getToolCallbacks() != null) {
        b.toolCallbacks(t.getToolCallbacks());
      }
      if (t.getToolContext() != null) {
        b.toolContext(t.getToolContext());
      }
    }
    if (p instanceof StructuredOutputChatOptions s && s.getOutputSchema() != null) {
      b.outputSchema(s.getOutputSchema());
    }
    return b.build();
  }

  private static void reject(String name, @Nullable Object value) {
    if (value != null) {
      throw new IllegalArgumentException(name + NOT_SENT);
    }
  }

  private static ToolChoice toolChoice(String choice) {
    return switch (choice.toLowerCase(Locale.ROOT)) {
      case "auto" -> ToolChoice.auto();
      case "none" -> ToolChoice.none();
      case "required" -> ToolChoice.required();
      default -> ToolChoice.tool(choice);
    };
  }

  /** A message, or null for one that carries nothing VectorNode sends (an empty tool reply). */
  static @Nullable Message message(org.springframework.ai.chat.messages.Message m) {
    if (m instanceof SystemMessage s) {
      return Message.system(text(s.getText()));
    }
    if (m instanceof UserMessage u) {
      List<ContentPart> parts = new ArrayList<>(1 + u.getMedia().size());
      if (u.getText() != null && (!u.getText().isEmpty() || u.getMedia().isEmpty())) {
        parts.add(new ContentPart.Text(u.getText()));
      }
      for (Media media : u.getMedia()) {
        parts.add(image(media));
      }
      return new Message(Role.USER, parts);
    }
    if (m instanceof AssistantMessage a) {
      List<ContentPart> parts = new ArrayList<>(1 + a.getToolCalls().size());
      String text = a.getText();
      if (text != null && (!text.isEmpty() || !a.hasToolCalls())) {
        parts.add(new ContentPart.Text(text));
      }
      for (AssistantMessage.ToolCall c : a.getToolCalls()) {
        parts.add(new ContentPart.ToolCall(callId(c.id(), c.name()), c.name(),
            c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments()));
      }
      if (parts.isEmpty()) {
        parts.add(new ContentPart.Text(""));
      }
      return new Message(Role.ASSISTANT, parts);
    }
    if (m instanceof ToolResponseMessage t) {
      List<ContentPart> parts = new ArrayList<>(t.getResponses().size());
      for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
        parts.add(new ContentPart.ToolResult(callId(r.id(), r.name()), text(r.responseData()),
            false));
      }
      return parts.isEmpty() ? null : new Message(Role.TOOL, parts);
    }
    throw new IllegalArgumentException(
        "message type " + m.getMessageType() + " is not supported by VectorNode");
  }

  /**
   * A tool call's id. Spring AI allows an empty one (history written by a model that gives no
   * ids); VectorNode needs one to pair a result with its call, and its own answers always carry
   * one: the tool's name stands in, as in the LangChain4j adapter.
   */
  static String callId(@Nullable String id, @Nullable String name) {
    if (id != null && !id.isBlank()) {
      return id;
    }
    if (name != null && !name.isBlank()) {
      return name;
    }
    throw new IllegalArgumentException("tool call: needs an id or a tool name");
  }

  private static String text(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static ContentPart image(Media media) {
    String type = media.getMimeType().getType() + "/" + media.getMimeType().getSubtype();
    if (!"image".equals(media.getMimeType().getType())) {
      throw new IllegalArgumentException("media of type " + type
          + " is not supported by VectorNode (images are)");
    }
    Object data = media.getData();
    if (data instanceof byte[] bytes) {
      return new ContentPart.ImageData(bytes, type);
    }
    if (data instanceof URL url) {
      return new ContentPart.ImageUrl(url.toString());
    }
    if (data instanceof URI uri) {
      return new ContentPart.ImageUrl(uri, io.vectornode.ImageDetail.AUTO);
    }
    if (data instanceof String s) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")
          || lower.startsWith("data:") || lower.startsWith("gs://")) {
        return new ContentPart.ImageUrl(s);
      }
      // Spring AI documents a String as a URL or base64 data.
      return new ContentPart.ImageData(Base64.getMimeDecoder().decode(s), type);
    }
    throw new IllegalArgumentException("image data of type "
        + data.getClass().getName() + " is not supported (bytes, URL or base64 text are)");
  }
}
