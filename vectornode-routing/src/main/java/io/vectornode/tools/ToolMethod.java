package io.vectornode.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model may call; {@link Tools#from} binds it. Its parameters
 * become the tool's arguments (named by {@link Param} or, with {@code javac -parameters}, by
 * their names), its return value the result the model reads.
 *
 * <pre>{@code
 * class Weather {
 *   @ToolMethod(description = "The current weather in a city")
 *   Forecast weather(@Param(value = "city", description = "the city, e.g. Paris") String city) {
 *     return forecasts.now(city);
 *   }
 * }
 * Tools tools = Tools.from(new Weather());
 * }</pre>
 *
 * <p>Named {@code ToolMethod}, not {@code Tool}: {@link io.vectornode.Tool} is the definition a
 * method becomes, used in the same code ({@code ChatRequest.tools}), and two types named {@code
 * Tool} would have to be told apart by their package in every file that uses both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolMethod {

  /** @return the tool's name (1 to 64 letters, digits, {@code _} or {@code -}); the method's when empty */
  String name() default "";

  /** @return what the tool does and when to use it, for the model */
  String description() default "";

  /**
   * @return whether the provider should guarantee arguments matching the schema exactly,
   *     where it can ({@link io.vectornode.Tool#strict()}); the generated schema is
   *     strict-ready
   */
  boolean strict() default false;
}
