/** Exact OpenAI token counts (jtokkit) for budget reservations near a limit. */
module io.vectornode.jtokkit {
  requires io.vectornode.api;
  requires static org.jspecify;
  requires jtokkit;

  provides io.vectornode.spi.TokenCounter with io.vectornode.jtokkit.JtokkitCounter;
}
