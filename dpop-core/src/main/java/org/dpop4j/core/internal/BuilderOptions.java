package org.dpop4j.core.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The builder contract every dpop4j builder keeps: an option is set at most once, and a value out
 * of range is refused by the setter, naming the option. One instance per builder; not
 * thread-safe, as builders are not.
 */
public final class BuilderOptions {

  private final Set<String> set = new HashSet<>();

  /**
   * Records that {@code option} is being set to {@code value}, and returns it.
   *
   * @throws NullPointerException naming {@code option} when {@code value} is null
   * @throws IllegalStateException when it was set before: the last value would silently win
   */
  public <T> T set(String option, T value) {
    Objects.requireNonNull(value, option);
    if (!set.add(option)) {
      throw new IllegalStateException(option + " is already set");
    }
    return value;
  }

  /** As {@link #set}, once {@code value} is found within {@code min..max} ({@link #within}). */
  public int setWithin(String option, int value, int min, int max) {
    return set(option, within(option, value, min, max));
  }

  /** As {@link #set}, once {@code value} is found within {@code min..max} ({@link #within}). */
  public Duration setWithin(String option, Duration value, Duration min, Duration max) {
    return set(option, within(option, value, min, max));
  }

  /** Whether {@code option} has been set. */
  public boolean isSet(String option) {
    return set.contains(option);
  }

  /**
   * {@code value}, when within {@code min..max}.
   *
   * @throws IllegalArgumentException naming {@code option} otherwise
   */
  public static int within(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " must be within " + min + ".." + max + ", not " + value);
    }
    return value;
  }

  /**
   * {@code value}, when not null and within {@code min..max}.
   *
   * @throws NullPointerException naming {@code option} for null
   * @throws IllegalArgumentException naming {@code option} when out of range
   */
  public static Duration within(String option, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, option);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          option + " must be within " + min + ".." + max + ", not " + value);
    }
    return value;
  }
}
