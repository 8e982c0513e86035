package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.metrics.MicrometerDpopObserver;
import org.dpop4j.testing.CapturedStandardError;
import org.dpop4j.testing.JwtIssuer;
import org.dpop4j.testing.TestKey;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operator and the client each learn of a refused access token, through the gate every
 * adapter uses: the operator the precise reason in the INFO line and in the {@code reason} tag of
 * the metric, the client only {@code invalid_token} and the fixed description.
 */
class TokenRefusalReportingTest {

  static final String ISSUER = "https://as.example.test/realms/api";
  static final String AUDIENCE = "https://api.example.test";
  static final String TARGET = "https://api.example.test/orders";
  static final TestKey CLIENT = TestKey.generate("ES256");
  static final JwtIssuer AS = JwtIssuer.signingWith("RS256");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  DpopGate gate() {
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().observer(new MicrometerDpopObserver(registry)).build(),
            JwtAccessTokenValidator.builder()
                .jwks(AS.jwksJson())
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .algorithms(Set.of(JwsAlgorithm.RS256, JwsAlgorithm.PS256))
                .build());
    return DpopGate.of(ResourceServerProtection.of(authenticator));
  }

  static JwtClaims claims() {
    return JwtIssuer.claims(ISSUER, AUDIENCE, "alice", CLIENT.thumbprint());
  }

  static JwtClaims with(Function<JwtClaims, JwtClaims> change) {
    return change.apply(claims());
  }

  static String signed(JwtClaims claims) {
    return AS.sign(claims, "at+jwt");
  }

  static Stream<Arguments> tokens() {
    long now = Instant.now().getEpochSecond();
    return Stream.of(
        Arguments.of(RefusalReason.TOKEN_MALFORMED, "an-opaque-token"),
        Arguments.of(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED, AS.sign(claims(), "JWT")),
        Arguments.of(
            RefusalReason.TOKEN_ALG_NOT_ALLOWED, AS.sign(claims(), "at+jwt", "RS512", AS.keyId())),
        Arguments.of(
            RefusalReason.TOKEN_UNKNOWN_KEY, AS.sign(claims(), "at+jwt", "RS256", "rotated-away")),
        Arguments.of(
            RefusalReason.TOKEN_BAD_SIGNATURE,
            JwtIssuer.signingWith("RS256").sign(claims(), "at+jwt", "RS256", AS.keyId())),
        Arguments.of(
            RefusalReason.TOKEN_ISSUER_MISMATCH,
            signed(with(c -> { c.setIssuer("https://evil.example"); return c; }))),
        Arguments.of(
            RefusalReason.TOKEN_AUDIENCE_MISMATCH,
            signed(with(c -> { c.setAudience("account"); return c; }))),
        Arguments.of(
            RefusalReason.TOKEN_EXPIRED,
            signed(with(c -> {
              c.setExpirationTime(NumericDate.fromSeconds(now - 120));
              return c;
            }))),
        Arguments.of(
            RefusalReason.TOKEN_NOT_YET_VALID,
            signed(with(c -> { c.setNotBefore(NumericDate.fromSeconds(now + 120)); return c; }))),
        Arguments.of(
            RefusalReason.TOKEN_INVALID,
            signed(with(c -> { c.unsetClaim("sub"); return c; }))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void eachTokenRefusalIsNamedInTheLogAndTheMetricButNotToTheClient(
      RefusalReason reason, String token) {
    DpopGate gate = gate();
    String proof = CLIENT.proof("GET", TARGET).accessToken(token).sign();
    DpopGate.Verdict verdict;
    try (CapturedStandardError log = CapturedStandardError.start()) {
      verdict =
          gate.check(
              TestRequest.get(
                  TARGET,
                  "10.0.0.5",
                  Map.of("Authorization", List.of("DPoP " + token), "DPoP", List.of(proof))));

      assertThat(log.text()).contains("refused a request from 10.0.0.5: " + reason + "\n");
    }

    assertThat(registry.get(MicrometerDpopObserver.VERIFICATIONS)
            .tags("outcome", "refused", "reason", reason.name(), "error", "invalid_token")
            .counter()
            .count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerDpopObserver.VERIFICATIONS)
            .tags("outcome", "refused").counters())
        .as("no other reason counted")
        .allSatisfy(counter ->
            assertThat(counter.count()).isEqualTo(
                counter.getId().getTag("reason").equals(reason.name()) ? 1 : 0));
    assertThat(verdict).isInstanceOfSatisfying(DpopGate.Refused.class, refused -> {
      assertThat(refused.response().status()).isEqualTo(401);
      assertThat(refused.response().headers().get("WWW-Authenticate"))
          .contains("error=\"invalid_token\"")
          .contains(reason == RefusalReason.TOKEN_EXPIRED
              ? "error_description=\"Access token has expired\""
              : "error_description=\"Access token is invalid\"")
          .doesNotContain(reason.name());
    });
  }
}
