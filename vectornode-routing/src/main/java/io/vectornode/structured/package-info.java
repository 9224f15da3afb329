/**
 * Typed structured output: JSON Schemas generated from Java types ({@link
 * io.vectornode.structured.JsonSchemas}), answers validated against them and read into records.
 */
@NullMarked
package io.vectornode.structured;

import org.jspecify.annotations.NullMarked;
