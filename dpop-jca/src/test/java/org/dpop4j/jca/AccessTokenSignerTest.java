package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.jca.testing.SoftHsm;
import org.dpop4j.testing.TestClock;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessTokenSignerTest {

  private static final String ISSUER = "https://as.example.test";
  private static final String AUDIENCE = "https://api.example.test";
  private static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

  private final SoftHsm hsm = SoftHsm.get();
  private final TestClock clock = TestClock.at(Instant.parse("2026-11-25T10:00:00Z"));

  @ParameterizedTest
  @EnumSource(names = {"ES256", "PS256"})
  void tokensSignedInTheHsmValidateThroughTheJwks(JwsAlgorithm algorithm) throws Exception {
    AccessTokenSigner signer = signer(algorithm);

    String token = signer.sign("client-42", Set.of("orders.read", "orders.write"), JKT);

    AccessToken validated = validator(signer).validate(token);
    assertThat(validated.subject()).isEqualTo("client-42");
    assertThat(validated.scopes()).containsExactlyInAnyOrder("orders.read", "orders.write");
    assertThat(validated.boundThumbprint()).contains(JKT);
    assertThat(validated.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(2)));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(token);
    assertThat(jws.getKeyIdHeaderValue()).isEqualTo(signer.keyId());
    assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
    assertThat(signer.jwksJson())
        .contains("\"kid\":\"" + signer.keyId() + "\"", "\"alg\":\"" + algorithm.joseName() + "\"")
        .doesNotContain("\"d\"");
  }

  @ParameterizedTest
  @EnumSource(names = {"ES256"})
  void tokensExpireAfterTheirLifetime(JwsAlgorithm algorithm) {
    AccessTokenSigner signer = signer(algorithm);
    String token = signer.sign("client-42", Set.of(), JKT);

    clock.advance(Duration.ofMinutes(3));

    assertThatThrownBy(() -> validator(signer).validate(token))
        .isInstanceOf(DpopException.class)
        .extracting(e -> ((DpopException) e).reason())
        .isEqualTo(RefusalReason.TOKEN_EXPIRED);
  }

  private AccessTokenSigner signer(JwsAlgorithm algorithm) {
    KeyPair keys = hsm.keyPair("as-" + algorithm.joseName().toLowerCase(), algorithm);
    return AccessTokenSigner.builder(algorithm, keys.getPrivate(), keys.getPublic())
        .provider(hsm.token().provider())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .tokenLifetime(Duration.ofMinutes(2))
        .clock(clock)
        .build();
  }

  private JwtAccessTokenValidator validator(AccessTokenSigner signer) {
    return JwtAccessTokenValidator.builder()
        .jwks(signer.jwksJson())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .clock(clock)
        .build();
  }
}
