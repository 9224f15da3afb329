/**
 * Config files: YAML/JSON loading and validation, secret references, and hot reload.
 */
@NullMarked
package io.vectornode.config;

import org.jspecify.annotations.NullMarked;
