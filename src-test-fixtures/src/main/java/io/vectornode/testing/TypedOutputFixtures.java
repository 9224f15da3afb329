package io.vectornode.testing;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Optional;

/**
 * The typed-output case every provider is checked with: a record ({@link Trip}) holding a nested
 * record list, an enum and an optional field, the JSON Schema VectorNode generates for it (pinned
 * by a test in {@code vectornode-routing}, so the two cannot drift), a valid answer, and an
 * answer that breaks the schema in three places.
 */
public final class TypedOutputFixtures {
  private TypedOutputFixtures() {}

  /** How busy a trip is. */
  public enum Pace {
    /** Few stops. */
    RELAXED,
    /** Many stops. */
    BUSY
  }

  /**
   * A stop of a trip.
   *
   * @param city the city
   * @param nights how many nights
   */
  @JsonClassDescription("One stop of the trip")
  public record Stop(String city, int nights) {}

  /**
   * A trip: a nested record list, an enum, an optional field, a renamed property.
   *
   * @param title the trip's title
   * @param pace how busy it is
   * @param stops the stops, in order
   * @param note an optional remark
   * @param highlight an optional stop (an optional object: {@code anyOf} with null)
   */
  public record Trip(
      @JsonPropertyDescription("A short title") String title,
      Pace pace,
      List<Stop> stops,
      @JsonProperty("travel_note") Optional<String> note,
      Optional<Stop> highlight) {}

  /** The schema name the checks use. */
  public static final String NAME = "Trip";

  /** {@code JsonSchemas.of(Trip.class)}, as generated. */
  public static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"title\":{\"type\":\"string\",\"description\":\"A short title\"},"
      + "\"pace\":{\"type\":\"string\",\"enum\":[\"RELAXED\",\"BUSY\"]},"
      + "\"stops\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
      + "\"description\":\"One stop of the trip\",\"properties\":{"
      + "\"city\":{\"type\":\"string\"},\"nights\":{\"type\":\"integer\"}},"
      + "\"required\":[\"city\",\"nights\"],\"additionalProperties\":false}},"
      + "\"travel_note\":{\"type\":[\"string\",\"null\"]},"
      + "\"highlight\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{"
      + "\"city\":{\"type\":\"string\"},\"nights\":{\"type\":\"integer\"}},"
      + "\"required\":[\"city\",\"nights\"],\"additionalProperties\":false},"
      + "{\"type\":\"null\"}],\"description\":\"One stop of the trip\"}},"
      + "\"required\":[\"title\",\"pace\",\"stops\",\"travel_note\",\"highlight\"],"
      + "\"additionalProperties\":false}";

  /** A valid answer. */
  public static final String ANSWER = "{\"title\":\"Tuscany\",\"pace\":\"RELAXED\","
      + "\"stops\":[{\"city\":\"Florence\",\"nights\":3},{\"city\":\"Siena\",\"nights\":2}],"
      + "\"travel_note\":null,\"highlight\":{\"city\":\"Siena\",\"nights\":2}}";

  /** What {@link #ANSWER} reads as. */
  public static final Trip TRIP = new Trip("Tuscany", Pace.RELAXED,
      List.of(new Stop("Florence", 3), new Stop("Siena", 2)), Optional.empty(),
      Optional.of(new Stop("Siena", 2)));

  /**
   * An answer with three errors: an unknown enum value ({@code $.pace}), a string for a number
   * ({@code $.stops[1].nights}) and a missing required property ({@code travel_note}).
   */
  public static final String INVALID_ANSWER = "{\"title\":\"Tuscany\",\"pace\":\"FAST\","
      + "\"stops\":[{\"city\":\"Florence\",\"nights\":3},"
      + "{\"city\":\"Siena\",\"nights\":\"two\"}],\"highlight\":null}";
}
