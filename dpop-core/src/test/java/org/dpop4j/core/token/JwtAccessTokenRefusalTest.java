package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.DpopError;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.JwtIssuer;
import org.dpop4j.testing.TestClock;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each check of a JWT access token is refused with its own reason, so that the operator's log says
 * what to fix, while the client is told only {@code invalid_token}.
 */
class JwtAccessTokenRefusalTest {

  static final String ISSUER = "https://as.example.test/realms/api";
  static final String AUDIENCE = "https://api.example.test";

  final JwtIssuer as = JwtIssuer.signingWith("RS256");
  final TestClock clock = TestClock.startingNow();

  JwtAccessTokenValidator.Builder validator(JwtIssuer issuer) {
    return JwtAccessTokenValidator.builder()
        .jwks(issuer.jwksJson())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock);
  }

  JwtClaims claims() {
    return JwtIssuer.claims(ISSUER, AUDIENCE, "alice", "jkt");
  }

  static RefusalReason refusal(JwtAccessTokenValidator validator, String token) {
    try {
      validator.validate(token);
    } catch (DpopException e) {
      return e.reason();
    }
    throw new AssertionError("the token was accepted");
  }

  @Test
  void aKeycloakDefaultTypJwtIsRefusedAsTokenTypeUnlessWidened() throws Exception {
    String keycloakDefault = as.sign(claims(), "JWT");

    assertThat(refusal(validator(as).build(), keycloakDefault))
        .isEqualTo(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED);
    AccessToken accepted =
        validator(as).tokenTypes(List.of("at+jwt", "JWT")).build().validate(keycloakDefault);
    assertThat(accepted.subject()).isEqualTo("alice");
  }

  @Test
  void aTypWithTheApplicationPrefixIsTheSameMediaType() throws Exception {
    assertThat(validator(as).build().validate(as.sign(claims(), "application/AT+JWT")).subject())
        .isEqualTo("alice");
  }

  @Test
  void aTokenWithoutTypIsRefusedAsTokenType() {
    assertThat(refusal(validator(as).build(), as.sign(claims(), null)))
        .isEqualTo(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"
      })
  void everyAsymmetricAlgorithmIsAcceptedByDefault(String algorithm) throws Exception {
    JwtIssuer issuer = JwtIssuer.signingWith(algorithm);

    assertThat(validator(issuer).build().validate(issuer.sign(claims(), "at+jwt")).subject())
        .isEqualTo("alice");
  }

  @Test
  void anAlgorithmOutsideTheConfiguredListIsRefusedAsTokenAlgorithm() {
    JwtIssuer es512 = JwtIssuer.signingWith("ES512");

    assertThat(
            refusal(
                validator(es512).algorithms(Set.of(JwsAlgorithm.RS256, JwsAlgorithm.ES256)).build(),
                es512.sign(claims(), "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
  }

  /** Stops a forged token that claims no signature is needed. */
  @Test
  void anUnsignedAlgNoneTokenIsRefusedAsTokenAlgorithm() throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims().toJson());
    jws.setHeader("typ", "at+jwt");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);

    assertThat(refusal(validator(as).build(), jws.getCompactSerialization()))
        .isEqualTo(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
  }

  /** A header without {@code alg} is refused like a wrong one, never a failure of the server. */
  @Test
  void aTokenWithoutAlgIsRefusedAsTokenAlgorithm() {
    String header =
        java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"typ\":\"at+jwt\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String payload =
        java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(claims().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(refusal(validator(as).build(), header + "." + payload + ".c2lnbmF0dXJl"))
        .isEqualTo(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
  }

  @Test
  void anotherIssuerIsRefusedAsIssuer() {
    JwtClaims claims = claims();
    claims.setIssuer("https://as.example.test/realms/other");

    assertThat(refusal(validator(as).build(), as.sign(claims, "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_ISSUER_MISMATCH);
  }

  @Test
  void anotherAudienceIsRefusedAsAudience() {
    JwtClaims claims = claims();
    claims.setAudience("account");

    assertThat(refusal(validator(as).build(), as.sign(claims, "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH);
  }

  @Test
  void anyOneOfSeveralConfiguredAudiencesMatches() throws Exception {
    JwtAccessTokenValidator validator =
        JwtAccessTokenValidator.builder()
            .jwks(as.jwksJson())
            .issuer(ISSUER)
            .audiences(List.of("api-client", AUDIENCE))
            .clock(clock)
            .build();
    JwtClaims claims = claims();
    claims.setAudience("account", "api-client");

    assertThat(validator.validate(as.sign(claims, "at+jwt")).subject()).isEqualTo("alice");
    claims.setAudience("account");
    assertThat(refusal(validator, as.sign(claims, "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH);
  }

  @Test
  void anExpiredTokenIsRefusedAsExpired() {
    String token = as.sign(claims(), "at+jwt");
    clock.advance(Duration.ofMinutes(6));

    assertThat(refusal(validator(as).build(), token)).isEqualTo(RefusalReason.TOKEN_EXPIRED);
  }

  @Test
  void aTokenBeforeItsNotBeforeIsRefusedAsNotYetValid() {
    JwtClaims claims = claims();
    claims.setNotBefore(NumericDate.fromSeconds(clock.instant().getEpochSecond() + 120));

    assertThat(refusal(validator(as).build(), as.sign(claims, "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_NOT_YET_VALID);
  }

  @Test
  void aKeyIdTheJwksDoesNotHoldIsRefusedAsUnknownKey() {
    String token = as.sign(claims(), "at+jwt", "RS256", "rotated-away");

    assertThat(refusal(validator(as).build(), token)).isEqualTo(RefusalReason.TOKEN_UNKNOWN_KEY);
  }

  /** Stops a forger who names the issuer's key id but signs with a key of his own. */
  @Test
  void aSignatureByAnotherKeyUnderTheIssuersKeyIdIsRefusedAsSignature() {
    JwtIssuer forger = JwtIssuer.signingWith("RS256");

    assertThat(refusal(validator(as).build(), forger.sign(claims(), "at+jwt", "RS256", as.keyId())))
        .isEqualTo(RefusalReason.TOKEN_BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"opaque-token", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30"})
  void somethingThatIsNotAJwtIsRefusedAsMalformed(String token) {
    assertThat(refusal(validator(as).build(), token)).isEqualTo(RefusalReason.TOKEN_MALFORMED);
  }

  @Test
  void theClientIsToldOnlyInvalidTokenWhateverTheCause() {
    for (RefusalReason reason :
        List.of(
            RefusalReason.TOKEN_MALFORMED, RefusalReason.TOKEN_TYPE_NOT_ACCEPTED,
            RefusalReason.TOKEN_ALG_NOT_ALLOWED, RefusalReason.TOKEN_UNKNOWN_KEY,
            RefusalReason.TOKEN_BAD_SIGNATURE, RefusalReason.TOKEN_ISSUER_MISMATCH,
            RefusalReason.TOKEN_AUDIENCE_MISMATCH, RefusalReason.TOKEN_NOT_YET_VALID,
            RefusalReason.TOKEN_INACTIVE, RefusalReason.TOKEN_INVALID)) {
      assertThat(reason.error()).as(reason.name()).isEqualTo(DpopError.INVALID_TOKEN);
      assertThat(reason.description()).as(reason.name()).isEqualTo("Access token is invalid");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS512", "none", "ES256K", "RSA1_5", "es256"})
  void symmetricNoneAndUnknownTokenAlgorithmsCannotBeNamed(String algorithm) {
    // Token algorithms are JwsAlgorithms, and these have none; the dpop.token.algorithms setting
    // refuses their names (TokenSettingsTest).
    assertThat(JwsAlgorithm.fromJoseName(algorithm)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(names = {"ED25519", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
  void proofOnlyAlgorithmsCannotBeConfiguredForTokens(JwsAlgorithm algorithm) {
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().algorithms(Set.of(algorithm)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + algorithm.joseName() + "' is not accepted for access tokens");
  }

  @Test
  void theBuilderRefusesNullsEmptinessAndSettingTwice() {
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().audience(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("audience");
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().audiences(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().audiences(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().audience("a").audience("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audience is already set");
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().tokenTypes(List.of("at+jwt", "")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                JwtAccessTokenValidator.builder()
                    .tokenTypes(List.of("jwt"))
                    .tokenTypes(List.of("at+jwt")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                JwtAccessTokenValidator.builder()
                    .algorithms(Set.of(JwsAlgorithm.ES256))
                    .algorithms(Set.of(JwsAlgorithm.RS256)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JwtAccessTokenValidator.builder().algorithms(null))
        .isInstanceOf(NullPointerException.class);
  }
}
