package io.vectornode.testing;

import static java.util.Objects.requireNonNull;

import io.vectornode.ContentPart;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies in OpenAI's Responses API wire format ({@code POST /v1/responses}), as its API
 * reference documents and as recorded from the live API: {@code response} objects with {@code
 * output} items ({@code message}, {@code function_call}, {@code reasoning} with {@code
 * encrypted_content}) and {@code usage} with cached and reasoning tokens; streams of typed
 * events, each an {@code event:} line and a {@code data:} object with its {@code type} and
 * {@code sequence_number} ({@link Stream}); errors in the Chat Completions shape.
 */
public final class ResponsesStubs {
  /** The model the stubs report. */
  public static final String MODEL = "gpt-5-mini-2025-08-07";
  /** The response id the stubs report. */
  public static final String ID = "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b";

  private ResponsesStubs() {}

  // ---- output items ----

  /**
   * An assistant {@code message} item with one {@code output_text} part.
   *
   * @param id the item id ({@code msg_...})
   * @param text the text
   * @return the item JSON
   */
  public static String message(String id, String text) {
    return "{\"id\":" + Jsons.quote(id) + ",\"type\":\"message\",\"status\":\"completed\","
        + "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":"
        + Jsons.quote(text) + "}],\"role\":\"assistant\"}";
  }

  /**
   * A {@code message} item holding a {@code refusal} part.
   *
   * @param id the item id
   * @param refusal the refusal text
   * @return the item JSON
   */
  public static String refusal(String id, String refusal) {
    return "{\"id\":" + Jsons.quote(id) + ",\"type\":\"message\",\"status\":\"completed\","
        + "\"content\":[{\"type\":\"refusal\",\"refusal\":" + Jsons.quote(refusal)
        + "}],\"role\":\"assistant\"}";
  }

  /**
   * A {@code function_call} item.
   *
   * @param id the item id ({@code fc_...})
   * @param callId the {@code call_id} a {@code function_call_output} answers
   * @param name the function
   * @param arguments the arguments, JSON text
   * @return the item JSON
   */
  public static String functionCall(String id, String callId, String name, String arguments) {
    return "{\"id\":" + Jsons.quote(id) + ",\"type\":\"function_call\",\"status\":\"completed\","
        + "\"arguments\":" + Jsons.quote(arguments) + ",\"call_id\":" + Jsons.quote(callId)
        + ",\"name\":" + Jsons.quote(name) + "}";
  }

  /**
   * A {@code reasoning} item, as returned with {@code include: ["reasoning.encrypted_content"]}.
   *
   * @param id the item id ({@code rs_...})
   * @param summary the summary text, or null for none
   * @param encrypted the {@code encrypted_content}, or null
   * @return the item JSON
   */
  public static String reasoning(String id, String summary, String encrypted) {
    return "{\"id\":" + Jsons.quote(id) + ",\"type\":\"reasoning\""
        + (encrypted == null ? "" : ",\"encrypted_content\":" + Jsons.quote(encrypted))
        + ",\"summary\":[" + (summary == null ? ""
            : "{\"type\":\"summary_text\",\"text\":" + Jsons.quote(summary) + "}") + "]}";
  }

  /**
   * A {@code usage} object.
   *
   * @param input {@code input_tokens} (cached included)
   * @param cached {@code input_tokens_details.cached_tokens} ({@code cache_write_tokens} is 0)
   * @param output {@code output_tokens} (reasoning included)
   * @param reasoning {@code output_tokens_details.reasoning_tokens}
   * @return the JSON
   */
  public static String usage(long input, long cached, long output, long reasoning) {
    return "{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":"
        + cached + ",\"cache_write_tokens\":0},\"output_tokens\":" + output
        + ",\"output_tokens_details\":{\"reasoning_tokens\":" + reasoning
        + "},\"total_tokens\":" + (input + output) + "}";
  }

  /**
   * A whole {@code response} object.
   *
   * @param status {@code completed}, {@code incomplete}, {@code failed}, {@code in_progress}
   * @param incompleteReason {@code incomplete_details.reason}, or null
   * @param error the {@code error} object JSON, or null
   * @param items the output items' JSON
   * @param usageJson the usage JSON, or null for {@code null}
   * @return the JSON
   */
  public static String response(String status, String incompleteReason, String error,
      List<String> items, String usageJson) {
    return "{\"id\":\"" + ID + "\",\"object\":\"response\",\"created_at\":1756315696,"
        + "\"status\":" + Jsons.quote(status) + ",\"background\":false,\"error\":"
        + (error == null ? "null" : error) + ",\"incomplete_details\":"
        + (incompleteReason == null ? "null"
            : "{\"reason\":" + Jsons.quote(incompleteReason) + "}")
        + ",\"instructions\":null,\"max_output_tokens\":null,\"max_tool_calls\":null,"
        + "\"model\":\"" + MODEL + "\",\"output\":[" + String.join(",", items) + "],"
        + "\"parallel_tool_calls\":true,\"previous_response_id\":null,"
        + "\"prompt_cache_key\":null,\"reasoning\":{\"effort\":\"medium\",\"summary\":null},"
        + "\"safety_identifier\":null,\"service_tier\":\"default\",\"store\":false,"
        + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},"
        + "\"tool_choice\":\"auto\",\"tools\":[],\"top_logprobs\":0,\"top_p\":1.0,"
        + "\"truncation\":\"disabled\",\"usage\":" + (usageJson == null ? "null" : usageJson)
        + ",\"user\":null,\"metadata\":{}}";
  }

  /**
   * A completed answer of these items.
   *
   * @param usageJson the usage
   * @param items the output items
   * @return the reply
   */
  public static StubReply completed(String usageJson, String... items) {
    return json(response("completed", null, null, List.of(items), usageJson));
  }

  /**
   * A text answer with a reasoning item first, as reasoning models answer.
   *
   * @param text the text
   * @return the reply
   */
  public static StubReply text(String text) {
    return completed(usage(12, 0, 8 + Math.max(1, text.split("\\s+").length), 8),
        reasoning("rs_68af40310c8481939a6b5e0f3d7c2e7b", null, "gAAAAABor0Axtext"),
        message("msg_68af4031d9a48193a2a8d6f5cdb1e0a9", text));
  }

  /**
   * An answer asking for function calls.
   *
   * @param calls the calls ({@link ContentPart.ToolCall#id()} is the {@code call_id})
   * @return the reply
   */
  public static StubReply toolCalls(List<ContentPart.ToolCall> calls) {
    List<String> items = new ArrayList<>();
    items.add(reasoning("rs_68af4032a1b88193b3a1d0c5e9f2b4c6", null, "gAAAAABor0AyTools"));
    for (int i = 0; i < calls.size(); i++) {
      ContentPart.ToolCall c = calls.get(i);
      items.add(functionCall("fc_68af4032f0c48193" + i, c.id(), c.name(), c.arguments()));
    }
    return json(response("completed", null, null, items, usage(82, 0, 40, 16)));
  }

  /**
   * An answer that stopped early ({@code status: incomplete}).
   *
   * @param reason {@code max_output_tokens} or {@code content_filter}
   * @param text the partial text
   * @return the reply
   */
  public static StubReply incomplete(String reason, String text) {
    return json(response("incomplete", reason, null,
        List.of(message("msg_68af4033b7c88193b1e6", text)), usage(12, 0, 16, 0)));
  }

  /**
   * An error reply (the Chat Completions error shape, which the Responses API shares).
   *
   * @param status the HTTP status
   * @param type the error type
   * @param code the code, or null
   * @param message the message
   * @return the reply
   */
  public static StubReply error(int status, String type, String code, String message) {
    return OpenAiStubs.error(status, type, code, message);
  }

  private static StubReply json(String body) {
    return StubReply.json(200, body).header("x-request-id", "req_stub_resp_4c1d")
        .header("openai-processing-ms", "842").header("openai-version", "2020-10-01");
  }

  // ---- streams ----

  /**
   * A streamed text answer: created, in progress, the message item and its content part, one
   * {@code response.output_text.delta} per piece, the done events, and {@code
   * response.completed} with usage.
   *
   * @param deltas the text pieces
   * @return the reply
   */
  public static StubReply streamText(String... deltas) {
    return stream().message("msg_68af4040a2", deltas).completed(usage(12, 0, deltas.length, 0))
        .build();
  }

  /** @return a new stream, opened with {@code response.created} and {@code .in_progress} */
  public static Stream stream() {
    return new Stream();
  }

  /** Builds a Responses API event stream, numbering the events. Not thread-safe. */
  public static final class Stream {
    private final List<String> events = new ArrayList<>();
    private final List<String> items = new ArrayList<>();
    private int seq;

    private Stream() {
      String r = response("in_progress", null, null, List.of(), null);
      event("response.created", "\"response\":" + r);
      event("response.in_progress", "\"response\":" + r);
    }

    /**
     * Adds one event.
     *
     * @param type the event type
     * @param fields the other fields of its data object, JSON without braces
     * @return this
     */
    public Stream event(String type, String fields) {
      requireNonNull(type, "type");
      events.add("event: " + type + "\ndata: {\"type\":" + Jsons.quote(type)
          + ",\"sequence_number\":" + seq++ + (fields.isEmpty() ? "" : "," + fields) + "}");
      return this;
    }

    /**
     * A reasoning item: added (with its first encrypted blob), summary deltas, done with the
     * final {@code encrypted_content} and the whole summary.
     *
     * @param id the item id
     * @param encrypted the final {@code encrypted_content}
     * @param summaryDeltas the summary pieces
     * @return this
     */
    public Stream reasoning(String id, String encrypted, String... summaryDeltas) {
      int index = items.size();
      event("response.output_item.added", "\"output_index\":" + index + ",\"item\":"
          + ResponsesStubs.reasoning(id, null, "gAAAAABpartial"));
      StringBuilder all = new StringBuilder();
      if (summaryDeltas.length > 0) {
        event("response.reasoning_summary_part.added", "\"item_id\":" + Jsons.quote(id)
            + ",\"output_index\":" + index
            + ",\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}");
        for (String d : summaryDeltas) {
          all.append(d);
          event("response.reasoning_summary_text.delta", "\"item_id\":" + Jsons.quote(id)
              + ",\"output_index\":" + index + ",\"summary_index\":0,\"delta\":"
              + Jsons.quote(d) + ",\"obfuscation\":\"2ajSAGID\"");
        }
        event("response.reasoning_summary_text.done", "\"item_id\":" + Jsons.quote(id)
            + ",\"output_index\":" + index + ",\"summary_index\":0,\"text\":"
            + Jsons.quote(all.toString()));
      }
      String item = ResponsesStubs.reasoning(id, summaryDeltas.length == 0 ? null
          : all.toString(), encrypted);
      event("response.output_item.done", "\"output_index\":" + index + ",\"item\":" + item);
      items.add(item);
      return this;
    }

    /**
     * A message item with text deltas.
     *
     * @param id the item id
     * @param deltas the text pieces
     * @return this
     */
    public Stream message(String id, String... deltas) {
      int index = items.size();
      String q = Jsons.quote(id);
      event("response.output_item.added", "\"output_index\":" + index + ",\"item\":{\"id\":" + q
          + ",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],"
          + "\"role\":\"assistant\"}");
      event("response.content_part.added", "\"item_id\":" + q + ",\"output_index\":" + index
          + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
          + "\"logprobs\":[],\"text\":\"\"}");
      StringBuilder all = new StringBuilder();
      for (String d : deltas) {
        all.append(d);
        event("response.output_text.delta", "\"item_id\":" + q + ",\"output_index\":" + index
            + ",\"content_index\":0,\"delta\":" + Jsons.quote(d)
            + ",\"logprobs\":[],\"obfuscation\":\"Qup1BsQ3\"");
      }
      event("response.output_text.done", "\"item_id\":" + q + ",\"output_index\":" + index
          + ",\"content_index\":0,\"text\":" + Jsons.quote(all.toString()) + ",\"logprobs\":[]");
      event("response.content_part.done", "\"item_id\":" + q + ",\"output_index\":" + index
          + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
          + "\"logprobs\":[],\"text\":" + Jsons.quote(all.toString()) + "}");
      String item = ResponsesStubs.message(id, all.toString());
      event("response.output_item.done", "\"output_index\":" + index + ",\"item\":" + item);
      items.add(item);
      return this;
    }

    /**
     * A function call item with its arguments in fragments.
     *
     * @param id the item id
     * @param callId the call id
     * @param name the function
     * @param fragments the argument pieces
     * @return this
     */
    public Stream functionCall(String id, String callId, String name, String... fragments) {
      int index = items.size();
      String q = Jsons.quote(id);
      event("response.output_item.added", "\"output_index\":" + index + ",\"item\":{\"id\":" + q
          + ",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\","
          + "\"call_id\":" + Jsons.quote(callId) + ",\"name\":" + Jsons.quote(name) + "}");
      StringBuilder all = new StringBuilder();
      for (String f : fragments) {
        all.append(f);
        event("response.function_call_arguments.delta", "\"item_id\":" + q + ",\"output_index\":"
            + index + ",\"delta\":" + Jsons.quote(f) + ",\"obfuscation\":\"hKtg6o5cWUSdCa\"");
      }
      event("response.function_call_arguments.done", "\"item_id\":" + q + ",\"name\":"
          + Jsons.quote(name) + ",\"output_index\":" + index + ",\"arguments\":"
          + Jsons.quote(all.toString()));
      String item = ResponsesStubs.functionCall(id, callId, name, all.toString());
      event("response.output_item.done", "\"output_index\":" + index + ",\"item\":" + item);
      items.add(item);
      return this;
    }

    /**
     * Ends with {@code response.completed}.
     *
     * @param usageJson the usage
     * @return this
     */
    public Stream completed(String usageJson) {
      return event("response.completed", "\"response\":"
          + response("completed", null, null, items, usageJson));
    }

    /**
     * Ends with {@code response.incomplete}.
     *
     * @param reason the {@code incomplete_details.reason}
     * @param usageJson the usage
     * @return this
     */
    public Stream incomplete(String reason, String usageJson) {
      return event("response.incomplete", "\"response\":"
          + response("incomplete", reason, null, items, usageJson));
    }

    /**
     * Ends with {@code response.failed}.
     *
     * @param code the {@code error.code}
     * @param message the {@code error.message}
     * @return this
     */
    public Stream failed(String code, String message) {
      return event("response.failed", "\"response\":" + response("failed", null,
          "{\"code\":" + Jsons.quote(code) + ",\"message\":" + Jsons.quote(message) + "}",
          items, null));
    }

    /**
     * An {@code error} event, as the live API sends it (the error nested under {@code error}).
     *
     * @param code the code
     * @param message the message
     * @return this
     */
    public Stream error(String code, String message) {
      return event("error", "\"error\":{\"type\":" + Jsons.quote(code) + ",\"code\":"
          + Jsons.quote(code) + ",\"message\":" + Jsons.quote(message) + ",\"param\":null}");
    }

    /** @return how many events were added */
    public int size() {
      return events.size();
    }

    /** @return the stream reply */
    public StubReply build() {
      return StubReply.sse(events).header("x-request-id", "req_stub_resp_stream");
    }
  }
}
