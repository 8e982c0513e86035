package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.internal.BuilderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The builder contract of {@link ValidatedTokenCache.Builder}: nulls, ranges, setting twice. */
class ValidatedTokenCacheBuilderTest extends BuilderContractTest<ValidatedTokenCache.Builder> {

  interface Setter extends UnaryOperator<ValidatedTokenCache.Builder> {}

  @Override
  protected ValidatedTokenCache.Builder newBuilder() {
    return ValidatedTokenCache.builder();
  }

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)),
        Arguments.of("observer", (Setter) b -> b.observer(null)));
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(0)),
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(10_000_001)),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ofSeconds(-1))),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ofDays(2))));
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("maximumEntries", (Setter) b -> b.maximumEntries(1)),
        Arguments.of("maximumDuration", (Setter) b -> b.maximumDuration(Duration.ZERO)),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())),
        Arguments.of("observer", (Setter) b -> b.observer(DpopObserver.NONE)));
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
