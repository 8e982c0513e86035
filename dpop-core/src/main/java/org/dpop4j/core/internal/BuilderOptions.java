package org.dpop4j.core.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The builder contract every dpop4j builder keeps (those of dpop-jca too, to which this package
 * is exported; dpop-ehcache, an automatic module often on the class path, which no qualified
 * export reaches, keeps the same contract in a class of its own): an option is set at most once,
 * and a null or a value out of range is refused by the setter, naming the option. One instance per builder; not thread-safe, as builders are not. An immutable
 * value with {@code withX} methods keeps the same contract through {@link #setOnce}.
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
  public long setWithin(String option, long value, long min, long max) {
    return set(option, within(option, value, min, max));
  }

  /** As {@link #set}, once {@code value} is found not blank ({@link #notBlank}). */
  public String setNotBlank(String option, String value) {
    return set(option, notBlank(option, value));
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

  /** As {@link #within(String, int, int, int)}, for a {@code long}. */
  public static long within(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          option + " must be within " + min + ".." + max + ", not " + value);
    }
    return value;
  }

  /**
   * {@code value}, when neither null nor blank.
   *
   * @throws NullPointerException naming {@code option} for null
   * @throws IllegalArgumentException naming {@code option} when blank
   */
  public static String notBlank(String option, String value) {
    if (Objects.requireNonNull(value, option).isBlank()) {
      throw new IllegalArgumentException(option + " must not be blank");
    }
    return value;
  }

  /**
   * {@code value}, the new setting of option {@code option} of an immutable value whose current
   * setting is {@code current} (null when unset): {@link #set} for {@code withX} methods.
   *
   * @throws NullPointerException naming {@code option} when {@code value} is null
   * @throws IllegalStateException when {@code current} is already set
   */
  public static <T> T setOnce(String option, T current, T value) {
    Objects.requireNonNull(value, option);
    if (current != null) {
      throw new IllegalStateException(option + " is already set");
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
