package io.vectornode.routing.testresolver;

import io.vectornode.spi.SecretResolver;
import java.util.Map;
import java.util.Optional;

/** A stand-in secret store, registered only through a test services file. */
public final class VaultStubResolver implements SecretResolver {
  private static final Map<String, String> SECRETS =
      Map.of("secret/openai#key", "sk-from-vault-0123456789");

  @Override
  public String scheme() {
    return "vault";
  }

  @Override
  public Optional<String> resolve(String name) {
    return Optional.ofNullable(SECRETS.get(name));
  }
}
