package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token, proof and binding together, as a resource server sees a request. */
class DpopAuthenticatorTest {

  static final URI TARGET = URI.create("https://api.example.test/orders");
  static final TestTokens AUTHORIZATION_SERVER = TestTokens.generate();
  static final TestKey CLIENT = TestKey.generate("ES256");

  TestClock clock;
  DpopAuthenticator authenticator;
  String token;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
    authenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().clock(clock).build(),
            JwtAccessTokenValidator.builder()
                .jwks(AUTHORIZATION_SERVER.jwksJson())
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .build());
    token = AUTHORIZATION_SERVER.boundToken("alice", CLIENT.thumbprint(), "orders:read orders:write");
  }

  String proof(TestKey key, String accessToken) {
    return key.proof("GET", TARGET.toString()).issuedAt(clock.instant()).accessToken(accessToken).sign();
  }

  DpopAuthentication authenticate(String authorization, String proof) throws DpopException {
    return authenticator.authenticate("GET", TARGET, List.of(authorization), List.of(proof));
  }

  @Test
  void boundTokenWithItsKeysProofIsAccepted() throws Exception {
    DpopAuthentication authentication = authenticate("DPoP " + token, proof(CLIENT, token));

    assertThat(authentication.accessToken().subject()).isEqualTo("alice");
    assertThat(authentication.accessToken().scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(authentication.accessToken().boundThumbprint()).contains(CLIENT.thumbprint());
    assertThat(authentication.proof().thumbprint()).isEqualTo(CLIENT.thumbprint());
  }

  @Test
  void schemeIsMatchedWithoutCase() throws Exception {
    assertThat(authenticate("dpop " + token, proof(CLIENT, token))).isNotNull();
  }

  /** A stolen token used by a thief who signs with his own key. */
  @Test
  void stolenTokenWithAnotherKeyIsRefused() {
    TestKey thief = TestKey.generate("ES256");
    assertThat(Refusals.of(() -> authenticate("DPoP " + token, proof(thief, token))))
        .isEqualTo(RefusalReason.KEY_NOT_BOUND_TO_TOKEN);
  }

  /** A stolen token downgraded to the Bearer scheme, where no proof would be checked. */
  @Test
  void boundTokenAsBearerIsRefused() {
    assertThat(Refusals.of(() -> authenticate("Bearer " + token, proof(CLIENT, token))))
        .isEqualTo(RefusalReason.BOUND_TOKEN_AS_BEARER);
    HttpRefusal response =
        ResourceServerProtection.of(authenticator).refusal(new DpopException(RefusalReason.BOUND_TOKEN_AS_BEARER));
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("WWW-Authenticate")).startsWith("DPoP error=\"invalid_token\"");
  }

  @Test
  void unboundTokenWithTheDpopSchemeIsRefused() {
    String unbound = AUTHORIZATION_SERVER.unboundToken("alice", "orders:read");
    assertThat(Refusals.of(() -> authenticate("DPoP " + unbound, proof(CLIENT, unbound))))
        .isEqualTo(RefusalReason.TOKEN_NOT_BOUND);
  }

  @Test
  void tokenFromAnotherIssuerIsRefused() {
    String forged = TestTokens.generate().boundToken("alice", CLIENT.thumbprint(), "orders:read");
    assertThat(Refusals.of(() -> authenticate("DPoP " + forged, proof(CLIENT, forged))))
        .as("signed by a key the authorization server's JWKS does not hold")
        .isEqualTo(RefusalReason.TOKEN_UNKNOWN_KEY);
  }

  @Test
  void missingAuthorizationGetsAChallengeWithoutAnErrorCode() {
    assertThat(
            Refusals.of(
                () -> authenticator.authenticate("GET", TARGET, List.of(), List.of())))
        .isEqualTo(RefusalReason.MISSING_CREDENTIALS);
    HttpRefusal challenge = ResourceServerProtection.of(authenticator).challenge();
    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.headers().get("WWW-Authenticate"))
        .isEqualTo("DPoP algs=\"ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA Ed25519\"");
  }

  @Test
  void twoAuthorizationHeadersAreRefused() {
    assertThat(
            Refusals.of(
                () ->
                    authenticator.authenticate(
                        "GET", TARGET, List.of("DPoP " + token, "DPoP " + token),
                        List.of(proof(CLIENT, token)))))
        .isEqualTo(RefusalReason.MULTIPLE_AUTHORIZATION_HEADERS);
  }

  @Test
  void malformedAuthorizationIsRefusedWith400() {
    assertThat(Refusals.of(() -> authenticate("DPoP", proof(CLIENT, token))))
        .isEqualTo(RefusalReason.MALFORMED_AUTHORIZATION);
    assertThat(Refusals.of(() -> authenticate("DPoP a b\r\nX: y", proof(CLIENT, token))))
        .isEqualTo(RefusalReason.MALFORMED_AUTHORIZATION);
    assertThat(ResourceServerProtection.of(authenticator).refusal(new DpopException(RefusalReason.MALFORMED_AUTHORIZATION)).status())
        .isEqualTo(400);
  }

  @Test
  void unknownSchemeIsRefused() {
    assertThat(Refusals.of(() -> authenticate("Basic YTpi", proof(CLIENT, token))))
        .isEqualTo(RefusalReason.UNSUPPORTED_AUTHORIZATION_SCHEME);
  }

  @Test
  void basicCredentialsGetAChallengeWithoutErrorCode() {
    HttpRefusal refusal =
        ResourceServerProtection.of(authenticator).refusal(new DpopException(RefusalReason.UNSUPPORTED_AUTHORIZATION_SCHEME));

    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.headers().get("WWW-Authenticate"))
        .isEqualTo(ResourceServerProtection.of(authenticator).challenge().headers().get("WWW-Authenticate"))
        .doesNotContain("error");
  }

  @Test
  void otherSchemesAreUnsupportedWhateverTheirCredentialsSyntax() {
    for (String authorization :
        List.of("Digest username=\"alice\", realm=\"api\"", "Negotiate", "Bearer " + unboundToken())) {
      assertThat(Refusals.of(() -> authenticate(authorization, proof(CLIENT, token))))
          .as(authorization)
          .isEqualTo(RefusalReason.UNSUPPORTED_AUTHORIZATION_SCHEME);
    }
    assertThat(Refusals.of(() -> authenticate("B\u00e4sic YTpi", proof(CLIENT, token))))
        .isEqualTo(RefusalReason.MALFORMED_AUTHORIZATION);
    assertThat(Refusals.of(() -> authenticate("Bearer", proof(CLIENT, token))))
        .isEqualTo(RefusalReason.MALFORMED_AUTHORIZATION);
  }

  private static String unboundToken() {
    return AUTHORIZATION_SERVER.unboundToken("alice", "read");
  }
}
