package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.Digests;
import org.dpop4j.testing.TestKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class ProofClaimsTest {

  private static final URI TARGET = URI.create("https://api.example.test/orders");

  @Test
  void theAccessTokenBecomesAthAndTheNonceIsCarriedAsSent() throws Exception {
    DpopProofFactory proofs = proofs();

    JwtClaims both =
        claimsOf(proofs.proof("GET", TARGET, ProofClaims.accessToken("at-1").withNonce("n-1")));
    JwtClaims nonceOnly = claimsOf(proofs.proof("GET", TARGET, ProofClaims.nonce("n-2")));
    JwtClaims none = claimsOf(proofs.proof("GET", TARGET, ProofClaims.none()));

    assertThat(both.getStringClaimValue("ath")).isEqualTo(Digests.ath("at-1"));
    assertThat(both.getStringClaimValue("nonce")).isEqualTo("n-1");
    assertThat(nonceOnly.hasClaim("ath")).isFalse();
    assertThat(nonceOnly.getStringClaimValue("nonce")).isEqualTo("n-2");
    assertThat(none.hasClaim("ath")).isFalse();
    assertThat(none.hasClaim("nonce")).isFalse();
  }

  @Test
  void theOrderOfSettingDoesNotMatter() {
    assertThat(ProofClaims.nonce("n").withAccessToken("t"))
        .isEqualTo(ProofClaims.accessToken("t").withNonce("n"));
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> ProofClaims.accessToken(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accessToken");
    assertThatThrownBy(() -> ProofClaims.nonce(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("nonce");
    assertThatThrownBy(() -> proofs().proof("GET", TARGET, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("extra");
  }

  @Test
  void emptyValuesAreRefused() {
    assertThatThrownBy(() -> ProofClaims.accessToken(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessToken");
    assertThatThrownBy(() -> ProofClaims.nonce(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }

  @Test
  void settingAClaimTwiceIsRefused() {
    assertThatThrownBy(() -> ProofClaims.accessToken("t").withAccessToken("u"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("accessToken is already set");
    assertThatThrownBy(() -> ProofClaims.nonce("n").withNonce("m"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nonce is already set");
  }

  @Test
  void toStringLeavesOutTheAccessToken() {
    assertThat(ProofClaims.accessToken("secret-token-value").withNonce("n-1").toString())
        .doesNotContain("secret-token-value")
        .contains("n-1");
  }

  private static DpopProofFactory proofs() {
    TestKey key = TestKey.generate("ES256");
    return DpopProofFactory.builder(
            JwsAlgorithm.ES256, key.keyPair().getPrivate(), key.keyPair().getPublic())
        .build();
  }

  private static JwtClaims claimsOf(String proof) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(proof);
    return JwtClaims.parse(jws.getUnverifiedPayload());
  }
}
