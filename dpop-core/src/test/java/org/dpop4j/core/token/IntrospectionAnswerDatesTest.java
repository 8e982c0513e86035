package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.JwtIssuer;
import org.dpop4j.testing.LocalHttpServer;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestTokens;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An introspection answer's {@code active: true} does not make a token valid before its {@code
 * nbf}: its dates get the verdict {@link JwtAccessTokenValidator} gives the same claims in a JWT
 * with the same clock skew, and a refusal is never cached as an acceptance. Most tests allow no
 * skew, so that a date one second ahead already decides.
 */
class IntrospectionAnswerDatesTest {

  static final String PATH = "/introspect";
  static final JwtIssuer AUTHORIZATION_SERVER = JwtIssuer.signingWith("ES256");

  final TestClock clock = TestClock.startingNow();
  final AtomicReference<String> answer = new AtomicReference<>();
  LocalHttpServer server;
  IntrospectionAccessTokenValidator validator;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    server.route(
        PATH,
        exchange ->
            LocalHttpServer.respond(
                exchange, 200, Map.of("Content-Type", "application/json"), answer.get()));
    validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(server.uri(PATH), "api", "s3cret")
            .allowedClockSkew(Duration.ZERO)
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anIntrospectionAnswerNotYetValidIsRefused() {
    answer.set(activeAnswer(claims(60L, null, 300)));

    assertThat(verdict(validator, "opaque")).contains(RefusalReason.TOKEN_NOT_YET_VALID);
  }

  @Test
  void aNotYetValidAnswerIsNeverCachedAsAnAcceptance() throws Exception {
    answer.set(activeAnswer(claims(10L, null, 300)));

    for (int i = 0; i < 3; i++) {
      assertThat(verdict(validator, "opaque")).contains(RefusalReason.TOKEN_NOT_YET_VALID);
    }
    clock.advance(Duration.ofSeconds(10));

    assertThat(validator.validate("opaque").subject()).isEqualTo("alice");
    assertThat(server.requests(PATH)).as("asked again once nbf has come").isEqualTo(2);
  }

  @Test
  void anAnswerWhoseNbfIsAheadOfThisClockWithinTheDefaultSkewIsAccepted() throws Exception {
    // The authorization server's clock runs 20 s ahead: its fresh token says nbf = iat = its now.
    try (IntrospectionAccessTokenValidator defaultSkew =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(server.uri(PATH), "api", "s3cret")
            .clock(clock)
            .build()) {
      answer.set(activeAnswer(claims(20L, 20L, 300)));
      assertThat(defaultSkew.validate("fresh").subject()).isEqualTo("alice");

      answer.set(activeAnswer(claims(31L, null, 300)));
      assertThat(verdict(defaultSkew, "early")).contains(RefusalReason.TOKEN_NOT_YET_VALID);
    }
  }

  /** Offsets in seconds from now; null leaves the claim out; the clock skew both validators allow. */
  static Stream<Arguments> dates() {
    List<Arguments> dates = new ArrayList<>();
    for (long skew : new long[] {0, 30}) {
      for (Long nbf : new Long[] {null, -60L, 0L, 1L, 31L, 60L, 600L}) {
        for (Long iat : new Long[] {null, -60L, 0L, 1L, 60L, 600L}) {
          for (long exp : new long[] {300, -1, -31}) {
            dates.add(Arguments.of(nbf, iat, exp, skew));
          }
        }
      }
    }
    return dates.stream();
  }

  @ParameterizedTest(name = "nbf {0}, iat {1}, exp {2}, skew {3}")
  @MethodSource("dates")
  void anAnswerGetsTheVerdictItsClaimsGetInAJwt(Long nbf, Long iat, long exp, long skew)
      throws Exception {
    JwtClaims claims = claims(nbf, iat, exp);
    AccessTokenValidator jwts =
        JwtAccessTokenValidator.builder()
            .jwks(AUTHORIZATION_SERVER.jwksJson())
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .allowedClockSkew(Duration.ofSeconds(skew))
            .clock(clock)
            .build();
    answer.set(activeAnswer(claims));

    try (IntrospectionAccessTokenValidator introspection =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(server.uri(PATH), "api", "s3cret")
            .allowedClockSkew(Duration.ofSeconds(skew))
            .clock(clock)
            .build()) {
      assertThat(verdict(introspection, "opaque"))
          .isEqualTo(verdict(jwts, AUTHORIZATION_SERVER.sign(claims, "at+jwt")));
    }
  }


  /** The claims of a token for alice, its dates {@code nbf}, {@code iat}, {@code exp} from now. */
  JwtClaims claims(Long nbf, Long iat, long exp) {
    JwtClaims claims =
        JwtIssuer.claims(TestTokens.ISSUER, TestTokens.AUDIENCE, "alice", "thumb");
    long now = clock.instant().getEpochSecond();
    claims.setExpirationTime(NumericDate.fromSeconds(now + exp));
    claims.unsetClaim("iat");
    if (iat != null) {
      claims.setIssuedAt(NumericDate.fromSeconds(now + iat));
    }
    if (nbf != null) {
      claims.setNotBefore(NumericDate.fromSeconds(now + nbf));
    }
    return claims;
  }

  static String activeAnswer(JwtClaims claims) {
    Map<String, Object> answer = new HashMap<>(claims.getClaimsMap());
    answer.put("active", true);
    return JsonUtil.toJson(answer);
  }

  /** Empty when {@code validator} accepts {@code token}, else why it refuses it. */
  static Optional<RefusalReason> verdict(AccessTokenValidator validator, String token) {
    try {
      validator.validate(token);
      return Optional.empty();
    } catch (DpopException e) {
      return Optional.of(e.reason());
    }
  }
}
