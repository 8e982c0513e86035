package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The builder contract of the replay cache builders: an option is set at most once, and a null, a
 * blank name or a value out of range is refused by the setter, naming the option. One instance
 * per builder; not thread-safe, as builders are not.
 *
 * <p>Not dpop-core's {@code org.dpop4j.core.internal.BuilderOptions}, which keeps the same
 * contract for the core and dpop-jca: that package is exported only to named dpop4j modules, and
 * this jar is an automatic module that a module-path application puts on the class path (beside
 * Ehcache, whose jars cannot be modules), where it is in the unnamed module, to which no
 * qualified export can reach; using it would fail there with an {@link IllegalAccessError}.
 */
final class SetOnceOptions {

  private final Set<String> set = new HashSet<>();

  /**
   * Records that {@code option} is being set to {@code value}, and returns it.
   *
   * @throws NullPointerException naming {@code option} when {@code value} is null
   * @throws IllegalStateException when it was set before: the last value would silently win
   */
  <T> T set(String option, T value) {
    Objects.requireNonNull(value, option);
    if (!set.add(option)) {
      throw new IllegalStateException(option + " is already set");
    }
    return value;
  }

  /** As {@link #set}, once {@code value} is found within {@code min..max}. */
  int setWithin(String option, int value, int min, int max) {
    return set(option, (int) within(option, value, min, max));
  }

  /** As {@link #set}, once {@code value} is found not null and within {@code min..max}. */
  Duration setWithin(String option, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, option);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          option + " must be within " + min + ".." + max + ", not " + value);
    }
    return set(option, value);
  }

  /** As {@link #set}, once {@code value} is found not blank ({@link #notBlank}). */
  String setNotBlank(String option, String value) {
    return set(option, notBlank(option, value));
  }

  /**
   * {@code value}, when within {@code min..max}.
   *
   * @throws IllegalArgumentException naming {@code option} otherwise
   */
  static long within(String option, long value, long min, long max) {
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
  static String notBlank(String option, String value) {
    if (Objects.requireNonNull(value, option).isBlank()) {
      throw new IllegalArgumentException(option + " must not be blank");
    }
    return value;
  }
}
