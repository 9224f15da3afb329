/**
 * Tools from methods and the tool loop: {@link io.vectornode.tools.Tools#from} turns methods
 * annotated {@link io.vectornode.tools.ToolMethod} into tool definitions with generated
 * parameter schemas and invokes them; {@link io.vectornode.tools.ToolLoop} runs the model, the
 * tools it asks for (in parallel), and the model again, until it answers.
 */
@NullMarked
package io.vectornode.tools;

import org.jspecify.annotations.NullMarked;
