package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/** The builder contract: named nulls, conflicts at build(), each option set once. */
class DpopProofFactoryBuilderTest {

  private final KeyPair keys = TestKey.generate("ES256").keyPair();

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> DpopProofFactory.builder(null, keys.getPrivate(), keys.getPublic()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("algorithm");
    assertThatThrownBy(() -> DpopProofFactory.builder(JwsAlgorithm.ES256, null, keys.getPublic()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("privateKey");
    assertThatThrownBy(
            () -> DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("publicKey");
    assertThatThrownBy(() -> builder().provider(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("provider");
    assertThatThrownBy(() -> builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  void settingAnOptionTwiceIsRefused() {
    Provider sunEc = Security.getProvider("SunEC");
    assertThatThrownBy(() -> builder().provider(sunEc).provider(sunEc))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("provider is already set");
    assertThatThrownBy(() -> builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock is already set");
  }

  @Test
  void aKeyThatDoesNotSuitTheAlgorithmIsRefusedAtBuild() {
    KeyPair p384 = TestKey.generate("ES384").keyPair();

    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(JwsAlgorithm.ES256, p384.getPrivate(), p384.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
  }

  @Test
  void aPrivateKeyOfAnotherPairIsRefusedAtBuild() {
    KeyPair other = TestKey.generate("ES256").keyPair();

    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(JwsAlgorithm.ES256, other.getPrivate(), keys.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void anUnregisteredProviderIsRefusedAtBuild() {
    assertThatThrownBy(() -> builder().provider(new BouncyCastleProvider()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be registered");
  }

  @Test
  void theDefaultsBuild() {
    assertThat(builder().build().algorithm()).isEqualTo(JwsAlgorithm.ES256);
  }

  private DpopProofFactory.Builder builder() {
    return DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic());
  }
}
