package io.vectornode;

/**
 * How closely the model should look at an image. Providers without such a setting ignore it.
 */
public enum ImageDetail {
  /** Let the provider decide. */
  AUTO,
  /** A low-resolution look: fewer input tokens. */
  LOW,
  /** A high-resolution look: more input tokens. */
  HIGH
}
