package org.dpop4j.core.http;

import java.util.Objects;

/** The builder contract of this package's builders: an option is given once, never null. */
final class Once {

  private Once() {}

  /**
   * {@code value}, checked for {@code null} (named {@code parameter}) and against a second setting
   * of {@code option}, whose value so far is {@code current}.
   */
  static <T> T set(T current, T value, String option, String parameter) {
    Objects.requireNonNull(value, parameter);
    if (current != null) {
      throw new IllegalStateException(option + " is already set");
    }
    return value;
  }
}
