package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dpop4j.core.DpopObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder contract of {@link ValidatedTokenCache.Builder}: nulls, ranges, setting twice. */
class ValidatedTokenCacheBuilderTest {

  interface Setter extends UnaryOperator<ValidatedTokenCache.Builder> {}

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)),
        Arguments.of("observer", (Setter) b -> b.observer(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulls")
  void aNullIsRefusedByName(String option, Setter setter) {
    assertThatThrownBy(() -> setter.apply(ValidatedTokenCache.builder()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(option);
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(0)),
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(10_000_001)),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ofSeconds(-1))),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ofDays(2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRange")
  void aValueOutOfRangeIsRefusedWhenSet(String option, Setter setter) {
    assertThatThrownBy(() -> setter.apply(ValidatedTokenCache.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(option);
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(1)),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ZERO)),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())),
        Arguments.of("observer", (Setter) b -> b.observer(DpopObserver.NONE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void settingAnOptionTwiceIsRefusedByName(String option, Setter setter) {
    ValidatedTokenCache.Builder builder = setter.apply(ValidatedTokenCache.builder());

    assertThatThrownBy(() -> setter.apply(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " is already set");
  }

  @Test
  void theLimitsOfEachRangeAreAccepted() {
    assertThatCode(
            () ->
                ValidatedTokenCache.builder()
                    .maximumEntries(10_000_000)
                    .maximumDuration(Duration.ofDays(1))
                    .build())
        .doesNotThrowAnyException();
  }
}
