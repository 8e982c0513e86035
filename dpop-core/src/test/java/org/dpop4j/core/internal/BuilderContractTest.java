package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three checks of the builder contract ({@link BuilderOptions}), run on every option a
 * builder test lists. A subclass gives a fresh builder and three static argument sources, each of
 * (name, setter): {@code nulls()}, setters given {@code null}, refused by an exception whose
 * message is the option's name; {@code outOfRange()}, setters given a value out of range,
 * refused by an {@link IllegalArgumentException} whose message contains the name; {@code
 * setters()}, setters given a valid value, refused when called twice on one builder.
 *
 * @param <B> the builder
 */
public abstract class BuilderContractTest<B> {

  /** A new builder with nothing set. */
  protected abstract B newBuilder();

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulls")
  void aNullIsRefusedByName(String option, UnaryOperator<B> setter) {
    assertThatThrownBy(() -> setter.apply(newBuilder()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(option);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRange")
  void aValueOutOfRangeIsRefusedWhenSet(String named, UnaryOperator<B> setter) {
    assertThatThrownBy(() -> setter.apply(newBuilder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void settingAnOptionTwiceIsRefusedByName(String option, UnaryOperator<B> setter) {
    B builder = setter.apply(newBuilder());

    assertThatThrownBy(() -> setter.apply(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " is already set");
  }
}
