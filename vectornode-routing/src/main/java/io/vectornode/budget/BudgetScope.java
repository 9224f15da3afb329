package io.vectornode.budget;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a budget covers: every call, the calls with a tag value, the calls using one key, or the
 * calls to one deployment.
 *
 * @param kind the kind of scope
 * @param name the tag name, key id or deployment name; null for {@link Kind#GLOBAL}
 * @param value the tag value for {@link Kind#TAG}; otherwise null
 */
public record BudgetScope(Kind kind, @Nullable String name, @Nullable String value) {
  /** Kinds of scope. */
  public enum Kind {
    /** Every call. */
    GLOBAL,
    /** Calls whose request has a tag with a value (for example {@code team=search}). */
    TAG,
    /** Calls made with one key, by its id ({@code key-1a2b3c4d}). */
    KEY,
    /** Calls to one deployment. */
    DEPLOYMENT
  }

  /** Validates. */
  public BudgetScope {
    requireNonNull(kind, "kind");
    if (kind != Kind.GLOBAL && (name == null || name.isBlank())) {
      throw new IllegalArgumentException("budget scope " + kind + ": needs a name");
    }
    if (kind == Kind.TAG && value == null) {
      throw new IllegalArgumentException("budget scope tag " + name + ": needs a value");
    }
  }

  /** @return the scope of every call */
  public static BudgetScope global() {
    return new BudgetScope(Kind.GLOBAL, null, null);
  }

  /**
   * Calls tagged {@code name=value}.
   *
   * @param name the tag
   * @param value its value
   * @return the scope
   */
  public static BudgetScope tag(String name, String value) {
    return new BudgetScope(Kind.TAG, name, value);
  }

  /**
   * Calls with one key.
   *
   * @param keyId the key's id
   * @return the scope
   */
  public static BudgetScope key(String keyId) {
    return new BudgetScope(Kind.KEY, keyId, null);
  }

  /**
   * Calls to one deployment.
   *
   * @param deployment its name
   * @return the scope
   */
  public static BudgetScope deployment(String deployment) {
    return new BudgetScope(Kind.DEPLOYMENT, deployment, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case GLOBAL -> "global";
      case TAG -> "tag " + name + "=" + value;
      case KEY -> "key " + name;
      case DEPLOYMENT -> "deployment " + name;
    };
  }
}
