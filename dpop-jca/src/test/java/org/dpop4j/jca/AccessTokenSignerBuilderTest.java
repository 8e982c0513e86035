package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/** The builder contract: named nulls, ranges, required values at build(), each option once. */
class AccessTokenSignerBuilderTest {

  private static final String ISSUER = "https://as.example.test";
  private static final String AUDIENCE = "https://api.example.test";

  private final KeyPair keys = TestKey.generate("ES256").keyPair();

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> AccessTokenSigner.builder(null, keys.getPrivate(), keys.getPublic()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("algorithm");
    assertThatThrownBy(() -> AccessTokenSigner.builder(JwsAlgorithm.ES256, null, keys.getPublic()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("privateKey");
    assertThatThrownBy(
            () -> AccessTokenSigner.builder(JwsAlgorithm.ES256, keys.getPrivate(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("publicKey");
    assertThatThrownBy(() -> builder().provider(null)).hasMessage("provider");
    assertThatThrownBy(() -> builder().keyId(null)).hasMessage("keyId");
    assertThatThrownBy(() -> builder().issuer(null)).hasMessage("issuer");
    assertThatThrownBy(() -> builder().audience(null)).hasMessage("audience");
    assertThatThrownBy(() -> builder().tokenLifetime(null)).hasMessage("tokenLifetime");
    assertThatThrownBy(() -> builder().clock(null)).hasMessage("clock");
    AccessTokenSigner signer = complete().build();
    assertThatThrownBy(() -> signer.sign(null, java.util.Set.of(), "jkt")).hasMessage("subject");
    assertThatThrownBy(() -> signer.sign("client-42", null, "jkt")).hasMessage("scopes");
  }

  @Test
  void valuesOutOfRangeAreRefusedInTheSetter() {
    assertThatThrownBy(() -> builder().tokenLifetime(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenLifetime");
    assertThatThrownBy(() -> builder().tokenLifetime(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().tokenLifetime(Duration.ofDays(1).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenLifetime");
    // the bounds themselves are in range
    builder().tokenLifetime(Duration.ofSeconds(1));
    builder().tokenLifetime(Duration.ofDays(1));
    assertThatThrownBy(() -> builder().issuer(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer");
    assertThatThrownBy(() -> builder().audience(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audience");
    assertThatThrownBy(() -> builder().keyId(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyId");
  }

  @Test
  void mlDsaIsRefusedForAccessTokens() {
    KeyPair mlDsa = TestKey.generate("ML-DSA-44").keyPair();

    assertThatThrownBy(
            () ->
                AccessTokenSigner.builder(
                    JwsAlgorithm.ML_DSA_44, mlDsa.getPrivate(), mlDsa.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingAnOptionTwiceIsRefused() {
    Provider sunEc = Security.getProvider("SunEC");
    assertThatThrownBy(() -> builder().provider(sunEc).provider(sunEc))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("provider is already set");
    assertThatThrownBy(() -> builder().keyId("a").keyId("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("keyId is already set");
    assertThatThrownBy(() -> builder().issuer(ISSUER).issuer("https://other.example.test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("issuer is already set");
    assertThatThrownBy(() -> builder().audience(AUDIENCE).audience(AUDIENCE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audience is already set");
    assertThatThrownBy(
            () -> builder().tokenLifetime(Duration.ofMinutes(1)).tokenLifetime(Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tokenLifetime is already set");
    assertThatThrownBy(() -> builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock is already set");
  }

  @Test
  void missingRequiredValuesAreRefusedAtBuildByName() {
    assertThatThrownBy(() -> builder().audience(AUDIENCE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("issuer is required");
    assertThatThrownBy(() -> builder().issuer(ISSUER).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("audience is required");
  }

  @Test
  void theDefaultsAreAFiveMinuteLifetimeAndTheThumbprintAsKeyId() {
    AccessTokenSigner signer = complete().build();

    assertThat(signer.tokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(signer.keyId())
        .isEqualTo(TestKey.of("ES256", keys).thumbprint());
  }

  private AccessTokenSigner.Builder complete() {
    return builder().issuer(ISSUER).audience(AUDIENCE);
  }

  private AccessTokenSigner.Builder builder() {
    return AccessTokenSigner.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic());
  }
}
