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
import org.dpop4j.core.internal.BuilderContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The builder contract of {@link NonceService.Builder}: nulls, ranges, setting twice. */
class NonceServiceBuilderTest extends BuilderContractTest<NonceService.Builder> {

  static final SecretKey KEY = new SecretKeySpec(new byte[32], "HmacSHA256");

  interface Setter extends UnaryOperator<NonceService.Builder> {}

  @Override
  protected NonceService.Builder newBuilder() {
    return NonceService.builder(KEY);
  }

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

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("rotationPeriod", (Setter) b -> b.rotationPeriod(Duration.ofMillis(999))),
        Arguments.of("rotationPeriod", (Setter) b -> b.rotationPeriod(Duration.ofDays(2))));
  }

  @Test
  void theLimitsOfTheRotationPeriodAreAccepted() {
    assertThatCode(() -> NonceService.builder(KEY).rotationPeriod(Duration.ofDays(1)).build())
        .doesNotThrowAnyException();
  }

  static Stream<Arguments> setters() {
    return Stream.of(
        Arguments.of("provider", (Setter) b -> b.provider(Security.getProviders()[0])),
        Arguments.of("rotationPeriod", (Setter) b -> b.rotationPeriod(Duration.ofMinutes(1))),
        Arguments.of("clock", (Setter) b -> b.clock(Clock.systemUTC())));
  }

}
