/**
 * How the built-in providers talk to their servers, in one package so that everything here can
 * stay package-private: the HTTP client ({@code HttpModelClient}, one request per call, bounded
 * bodies, no redirects), the {@code WireFormat} each API implements, server-sent events ({@code
 * SseReader}, {@code SseChatStream}, {@code EventParser}), error mapping ({@code
 * ProviderErrors}), redaction ({@code Redactor}), strict usage counts ({@code Counts}) and
 * bounded JSON trees ({@code Shape}); then one group of files per API: {@code OpenAi*} (Chat
 * Completions: openai, openai-compatible and the presets), {@code Anthropic*} and {@code
 * Gemini*}, each as {@code *Clients} (config to client), {@code *Wire}, {@code *RequestWriter},
 * {@code *Responses} and {@code *Stream}.
 *
 * <p>Public: {@link io.vectornode.providers.wire.WireClients}, the door the provider classes
 * use, and {@link io.vectornode.providers.wire.OpenAiPreset}, the named defaults of an OpenAI
 * Chat Completions provider type. Applications use the providers, not this package.
 */
@NullMarked
package io.vectornode.providers.wire;

import org.jspecify.annotations.NullMarked;
