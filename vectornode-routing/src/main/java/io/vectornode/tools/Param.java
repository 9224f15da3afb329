package io.vectornode.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes a parameter of a {@link ToolMethod}: the argument's property in the tool's
 * schema. Without a name here the parameter's compiled name is used, which needs {@code javac
 * -parameters} ({@link Tools#from} says so when it is missing).
 *
 * <pre>{@code
 * @ToolMethod(description = "Converts an amount")
 * BigDecimal convert(@Param(value = "amount", description = "in the source currency") BigDecimal a,
 *     @Param("to") Currency to) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {

  /** @return the argument's name; the parameter's compiled name when empty */
  String value() default "";

  /** @return what the argument means, for the model */
  String description() default "";
}
