package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signed JWT access tokens whose {@code exp}, {@code nbf} or {@code iat} is no date {@link
 * Instant} can hold: each is an {@code invalid_token} refusal, never a {@code DateTimeException}
 * (a 500 for direct users of {@link DpopAuthenticator}, a 503 through the gate).
 */
class TokenDatesTest {

  static final URI TARGET = URI.create("https://api.example.test/orders");
  static final TestTokens AUTHORIZATION_SERVER = TestTokens.generate();
  static final TestKey CLIENT = TestKey.generate("ES256");

  final TestClock clock = TestClock.startingNow();

  JwtAccessTokenValidator validator() {
    return JwtAccessTokenValidator.builder()
        .jwks(AUTHORIZATION_SERVER.jwksJson())
        .issuer(TestTokens.ISSUER)
        .audience(TestTokens.AUDIENCE)
        .clock(clock)
        .build();
  }

  /** A token bound to {@link #CLIENT}, valid for five minutes, with {@code claim} overwritten. */
  String tokenWith(String claim, Object value) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("alice");
    claims.setExpirationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond() + 300));
    claims.setClaim("cnf", Map.of("jkt", CLIENT.thumbprint()));
    claims.setClaim(claim, value);
    return AUTHORIZATION_SERVER.sign(claims);
  }

  /** Values jose4j lets through, each of which used to reach Instant arithmetic or mean nonsense. */
  static Stream<Arguments> datesOutOfRange() {
    return Stream.of(
        Arguments.of("exp", 1e300),
        Arguments.of("exp", 1e19),
        Arguments.of("exp", Long.MAX_VALUE),
        Arguments.of("exp", 253_402_300_800L),
        Arguments.of("nbf", -1e300),
        Arguments.of("nbf", Long.MIN_VALUE),
        Arguments.of("iat", -1e300),
        Arguments.of("iat", -1L));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("datesOutOfRange")
  void tokenWithExpOf1e300IsRefusedNot500(String claim, Object value) {
    String token = tokenWith(claim, value);

    assertThatThrownBy(() -> validator().validate(token))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_DATE_OUT_OF_RANGE));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("datesOutOfRange")
  void outOfRangeDateIsA401ThroughTheAuthenticatorWithEitherScheme(String claim, Object value) {
    String token = tokenWith(claim, value);
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(DpopVerifier.builder().clock(clock).build(), validator());
    String proof =
        CLIENT.proof("GET", TARGET.toString()).issuedAt(clock.instant()).accessToken(token).sign();

    for (String scheme : List.of("DPoP ", "Bearer ")) {
      assertThatThrownBy(
              () ->
                  authenticator.authenticate(
                      "GET", TARGET, List.of(scheme + token), List.of(proof)))
          .isInstanceOfSatisfying(
              DpopException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_DATE_OUT_OF_RANGE);
                assertThat(ResourceServerProtection.of(authenticator).refusal(e).status()).isEqualTo(401);
              });
    }
  }

  /** RFC 7519 §2: a NumericDate may have a fraction. */
  @Test
  void fractionalExpIsAcceptedAndRoundedDown() throws Exception {
    long inAMinute = clock.instant().getEpochSecond() + 60;

    var token = validator().validate(tokenWith("exp", inAMinute + 0.75));

    assertThat(token.expiresAt()).contains(Instant.ofEpochSecond(inAMinute));
  }
}
