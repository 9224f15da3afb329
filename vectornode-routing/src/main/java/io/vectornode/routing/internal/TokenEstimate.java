package io.vectornode.routing.internal;

import io.vectornode.ChatRequest;
import io.vectornode.ContentPart;
import io.vectornode.Message;
import io.vectornode.Tool;
import java.util.List;

/**
 * A cheap, deliberately generous estimate of a request's input tokens (about four characters per
 * token, plus per-message and per-image overheads), for capability, limit and cost decisions
 * made before any tokenizer could run.
 */
final class TokenEstimate {
  /** What one image costs at high detail on OpenAI (a 512px tile grid), as an upper guess. */
  static final int IMAGE_TOKENS = 1105;

  private TokenEstimate() {}

  static long input(ChatRequest r) {
    long chars = 0;
    long tokens = 3;
    // Indexed loops: the lists are immutable random-access lists, and this runs on every call.
    List<Message> messages = r.messages();
    for (int i = 0; i < messages.size(); i++) {
      tokens += 4;
      List<ContentPart> content = messages.get(i).content();
      for (int j = 0; j < content.size(); j++) {
        ContentPart p = content.get(j);
        if (p instanceof ContentPart.Text t) {
          chars += t.text().length();
        } else if (p instanceof ContentPart.ImageUrl || p instanceof ContentPart.ImageData) {
          tokens += IMAGE_TOKENS;
        } else if (p instanceof ContentPart.ToolCall c) {
          chars += c.name().length() + c.arguments().length();
        } else if (p instanceof ContentPart.ToolResult res) {
          chars += res.content().length();
        } else if (p instanceof ContentPart.Reasoning rs) {
          chars += rs.text().length();
        }
      }
    }
    List<Tool> tools = r.tools();
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      chars += t.name().length() + t.description().length() + t.parameters().length();
    }
    return tokens + (chars + 3) / 4;
  }

  static boolean needsVision(ChatRequest r) {
    List<Message> messages = r.messages();
    for (int i = 0; i < messages.size(); i++) {
      List<ContentPart> content = messages.get(i).content();
      for (int j = 0; j < content.size(); j++) {
        ContentPart p = content.get(j);
        if (p instanceof ContentPart.ImageUrl || p instanceof ContentPart.ImageData) {
          return true;
        }
      }
    }
    return false;
  }
}
