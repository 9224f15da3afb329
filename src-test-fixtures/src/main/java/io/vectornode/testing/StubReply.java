package io.vectornode.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scripted reply of {@link ProviderStubServer}: a status, headers, and either a plain body or
 * a list of server-sent events, plus faults (delays, a disconnect, odd framing).
 *
 * <p>Factories for each wire format are on {@link OpenAiStubs}. Immutable: every modifier
 * returns a copy, so a reply can be enqueued many times.
 */
public final class StubReply {
  final int status;
  final Map<String, String> headers;
  final String body;
  final List<String> events;
  final boolean sse;
  final Duration headersDelay;
  final Duration eventDelay;
  final int disconnectAfterEvents;
  final String lineEnding;
  final int chunkSize;
  final int stallMode; // 0 none, 1 silent, 2 keep-alive comments, 3 reset before responding
  /** Binary frames (AWS event-stream) instead of SSE text, or null. */
  final @org.jspecify.annotations.Nullable Binary binary;

  /**
   * The frames of a binary stream and the frame it repeats while idling.
   *
   * @param frames the frames, in order
   * @param keepAlive the frame written while idling
   */
  record Binary(List<byte[]> frames, byte[] keepAlive) {}

  private StubReply(int status, Map<String, String> headers, String body, List<String> events,
      boolean sse, Duration headersDelay, Duration eventDelay, int disconnectAfterEvents,
      String lineEnding, int chunkSize, int stallMode,
      @org.jspecify.annotations.Nullable Binary binary) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.events = List.copyOf(events);
    this.sse = sse;
    this.headersDelay = headersDelay;
    this.eventDelay = eventDelay;
    this.disconnectAfterEvents = disconnectAfterEvents;
    this.lineEnding = lineEnding;
    this.chunkSize = chunkSize;
    this.stallMode = stallMode;
    this.binary = binary;
  }

  /**
   * A reply with a plain body.
   *
   * @param status the HTTP status
   * @param contentType the {@code Content-Type}
   * @param body the body
   * @return the reply
   */
  public static StubReply body(int status, String contentType, String body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    return new StubReply(status, h, requireNonNull(body, "body"), List.of(), false,
        Duration.ZERO, Duration.ZERO, -1, "\n", 0, 0, null);
  }

  /**
   * A JSON reply.
   *
   * @param status the HTTP status
   * @param json the body
   * @return the reply
   */
  public static StubReply json(int status, String json) {
    return body(status, "application/json", json);
  }

  /**
   * A 200 server-sent-event stream. Each element is one event's text without its trailing blank
   * line, for example {@code data: {...}} or {@code event: ping\ndata: {}}, or a comment line
   * starting with {@code :}. Lines are joined with {@link #lineEnding(String)}.
   *
   * @param events the events, in order
   * @return the reply
   */
  public static StubReply sse(List<String> events) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "text/event-stream; charset=utf-8");
    h.put("Cache-Control", "no-cache");
    return new StubReply(200, h, "", new ArrayList<>(events), true, Duration.ZERO, Duration.ZERO,
        -1, "\n", 0, 0, null);
  }

  /**
   * A 200 AWS event-stream ({@code application/vnd.amazon.eventstream}), as Bedrock's
   * ConverseStream sends it: each element is one whole binary message (see {@link
   * BedrockStubs#frame}). The fault modifiers work as for SSE, counting frames; while idling
   * ({@link #keepAliveAfterEvents}) the server repeats {@code keepAlive}.
   *
   * @param frames the messages, in order
   * @param keepAlive the message repeated while idling
   * @return the reply
   */
  public static StubReply eventStream(List<byte[]> frames, byte[] keepAlive) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/vnd.amazon.eventstream");
    List<String> placeholders = new ArrayList<>();
    List<byte[]> copies = new ArrayList<>();
    for (byte[] f : frames) {
      placeholders.add("<" + f.length + " bytes>");
      copies.add(f.clone());
    }
    return new StubReply(200, h, "", placeholders, true, Duration.ZERO, Duration.ZERO, -1, "\n",
        0, 0, new Binary(List.copyOf(copies), keepAlive.clone()));
  }

  /**
   * Adds or replaces a response header.
   *
   * @param name the name
   * @param value the value
   * @return a copy with the header
   */
  public StubReply header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    return new StubReply(status, h, body, events, sse, headersDelay, eventDelay,
        disconnectAfterEvents, lineEnding, chunkSize, stallMode, binary);
  }

  /**
   * Waits before sending the status line and headers (to exercise connect/first-byte timeouts).
   *
   * @param delay the wait
   * @return a copy with the delay
   */
  public StubReply headersDelay(Duration delay) {
    return new StubReply(status, headers, body, events, sse, requireNonNull(delay, "delay"),
        eventDelay, disconnectAfterEvents, lineEnding, chunkSize, stallMode, binary);
  }

  /**
   * Waits before each SSE event after the first (to exercise read timeouts and slow streams).
   *
   * @param delay the wait
   * @return a copy with the delay
   */
  public StubReply eventDelay(Duration delay) {
    return new StubReply(status, headers, body, events, sse, headersDelay,
        requireNonNull(delay, "delay"), disconnectAfterEvents, lineEnding, chunkSize, stallMode,
        binary);
  }

  /**
   * Sends only the first {@code n} events, then drops the connection mid-body (the client sees
   * a truncated response, not a clean end).
   *
   * @param n events to send before the disconnect, at least 0
   * @return a copy with the fault
   */
  public StubReply disconnectAfterEvents(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n: must be >= 0, was " + n);
    }
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay, n,
        lineEnding, chunkSize, stallMode, binary);
  }

  /**
   * Sends the first {@code n} events, then keeps the connection open without sending anything
   * more (to exercise read timeouts and early close).
   *
   * @param n events to send before stalling
   * @return a copy with the fault
   */
  public StubReply stallAfterEvents(int n) {
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay, n,
        lineEnding, chunkSize, 1, binary);
  }

  /**
   * Sends the first {@code n} events, then an SSE comment every 25 ms until the client hangs up
   * (see {@link ProviderStubServer#awaitClientDisconnect}) or the server closes.
   *
   * @param n events to send before idling
   * @return a copy with the behaviour
   */
  public StubReply keepAliveAfterEvents(int n) {
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay, n,
        lineEnding, chunkSize, 2, binary);
  }

  /**
   * Reads the request, then closes the connection without answering: the client sees its
   * request sent and the connection reset.
   *
   * @return a copy with the fault
   */
  public StubReply resetAfterRequest() {
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay,
        disconnectAfterEvents, lineEnding, chunkSize, 3, binary);
  }

  /**
   * Sets the SSE line ending: {@code "\n"} (default), {@code "\r\n"} or {@code "\r"}.
   *
   * @param ending the line ending
   * @return a copy
   */
  public StubReply lineEnding(String ending) {
    if (!ending.equals("\n") && !ending.equals("\r\n") && !ending.equals("\r")) {
      throw new IllegalArgumentException("lineEnding: must be \\n, \\r\\n or \\r");
    }
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay,
        disconnectAfterEvents, ending, chunkSize, stallMode, binary);
  }

  /**
   * Writes the body in pieces of at most this many bytes, flushing after each, so that events
   * are split across TCP reads.
   *
   * @param bytes piece size, at least 1
   * @return a copy
   */
  public StubReply chunkSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("chunkSize: must be >= 1, was " + bytes);
    }
    return new StubReply(status, headers, body, events, sse, headersDelay, eventDelay,
        disconnectAfterEvents, lineEnding, bytes, stallMode, binary);
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the SSE events, empty for a plain body */
  public List<String> events() {
    return events;
  }

  /** @return the plain body, empty for an SSE reply */
  public String body() {
    return body;
  }
}
