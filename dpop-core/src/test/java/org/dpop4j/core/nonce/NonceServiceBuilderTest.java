package org.dpop4j.core.nonce;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder contract of {@link NonceService.Builder}: nulls, ranges, setting twice. */
class NonceServiceBuilderTest {

  static final SecretKey KEY = new SecretKeySpec(new byte[32], "HmacSHA256");

  interface Setter extends UnaryOperator<NonceService.Builder> {}

  @Test
  void aNullKeyIsRefusedByName() {
    assertThatThrownBy(() -> NonceService.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("hmacKey");
  }

  static Stream<Arguments> nulls() {
    return Stream.of(
        Arguments.of("provider", (Setter) b -> b.provider(null)),
        Arguments.of("rotationPeriod", (Setter) b -> b.rotationPeriod(null)),
        Arguments.of("clock", (Setter) b -> b.clock(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulls")
  void aNullIsRefusedByName(String option, Setter setter) {
    assertThatThrownBy(() -> setter.apply(NonceService.builder(KEY)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(option);
  }

  @Test
  void aRotationPeriodOutOfRangeIsRefusedWhenSet() {
    assertThatThrownBy(() -> NonceService.builder(KEY).rotationPeriod(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotationPeriod");
    assertThatThrownBy(() -> NonceService.builder(KEY).rotationPeriod(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rotationPeriod");
    assertThatCode(() -> NonceService.builder(KEY).rotationPeriod(Duration.ofDays(1)).build())
        .doesNotThrowAnyException();
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("provider", (Setter) b -> b.provider(Security.getProviders()[0])),
        Arguments.of("rotationPeriod", (Setter) b -> b.rotationPeriod(Duration.ofMinutes(1))),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void settingAnOptionTwiceIsRefusedByName(String option, Setter setter) {
    NonceService.Builder builder = setter.apply(NonceService.builder(KEY));

    assertThatThrownBy(() -> setter.apply(builder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " is already set");
  }
}
