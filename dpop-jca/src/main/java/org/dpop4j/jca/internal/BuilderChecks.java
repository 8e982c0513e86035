package org.dpop4j.jca.internal;

import java.util.Objects;

/**
 * The builder contract of dpop-jca's builders in one place: a named null check, and an option
 * that is set at most once, so that a second call is a mistake the caller hears of instead of a
 * silent replacement. Not part of the API: the package is not exported.
 */
public final class BuilderChecks {

  private BuilderChecks() {}

  /**
   * {@code value}, the new setting of option {@code name}.
   *
   * @throws NullPointerException naming the option, when {@code value} is null
   * @throws IllegalStateException naming the option, when {@code current} is already set
   */
  public static <T> T setOnce(T current, T value, String name) {
    Objects.requireNonNull(value, name);
    if (current != null) {
      throw new IllegalStateException(name + " is already set");
    }
    return value;
  }
}
