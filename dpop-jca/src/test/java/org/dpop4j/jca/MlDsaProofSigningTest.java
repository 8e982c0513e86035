package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ML-DSA proofs signed here with BouncyCastle software keys, verified by dpop-core. */
class MlDsaProofSigningTest {

  static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
  static final URI TARGET = URI.create("https://api.example.test/orders/7");
  static final String TOKEN = "an-access-token";

  final TestClock clock = TestClock.startingNow();

  static KeyPair keyPair(JwsAlgorithm algorithm) throws Exception {
    return KeyPairGenerator.getInstance(algorithm.joseName(), BOUNCY_CASTLE).generateKeyPair();
  }

  VerifiedProof verify(JwsAlgorithm algorithm, String proof, String jkt) throws DpopException {
    DpopVerifier verifier =
        DpopVerifier.builder().clock(clock).allowedAlgorithms(EnumSet.of(algorithm)).build();
    return verifier.verify(
        DpopRequest.toResourceServer("GET", TARGET, List.of(proof), TOKEN, jkt));
  }

  @ParameterizedTest
  @EnumSource(names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
  void proofsSignedWithMlDsaSoftwareKeysPassTheVerifier(JwsAlgorithm algorithm)
      throws Exception {
    KeyPair keys = keyPair(algorithm);
    DpopProofFactory proofs =
        DpopProofFactory.builder(algorithm, keys.getPrivate(), keys.getPublic())
            .clock(clock)
            .build();

    String proof = proofs.proof("GET", TARGET, ProofClaims.accessToken(TOKEN));
    VerifiedProof verified = verify(algorithm, proof, proofs.thumbprint());

    assertThat(verified.algorithm()).isEqualTo(algorithm);
    assertThat(verified.thumbprint()).isEqualTo(proofs.thumbprint());
    assertThat(verified.publicKey()).isEqualTo(keys.getPublic());
    assertThat(JsonUtil.parseJson(verified.publicJwkJson()))
        .isEqualTo(JsonUtil.parseJson(proofs.publicJwkJson()));
  }

  @Test
  void theProofCarriesAnAkpJwkWithAlgAndPubOnly() throws Exception {
    KeyPair keys = keyPair(JwsAlgorithm.ML_DSA_44);
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ML_DSA_44, keys.getPrivate(), keys.getPublic())
            .build();

    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(proofs.proof("GET", TARGET));

    assertThat(jws.getHeaders().getObjectHeaderValue("alg")).isEqualTo("ML-DSA-44");
    assertThat(jws.getHeaders().getObjectHeaderValue("typ")).isEqualTo("dpop+jwt");
    Map<?, ?> jwk = (Map<?, ?>) jws.getHeaders().getObjectHeaderValue("jwk");
    Set<Object> members = Set.copyOf(jwk.keySet());
    assertThat(members).containsExactlyInAnyOrder("kty", "alg", "pub");
    assertThat(jwk.get("kty")).isEqualTo("AKP");
    assertThat(jwk.get("alg")).isEqualTo("ML-DSA-44");
    // FIPS 204 ML-DSA-44 public key: 1312 bytes, 1750 base64url characters.
    assertThat((String) jwk.get("pub")).hasSize(1750);
  }

  @Test
  void aProviderGivenExplicitlySigns() throws Exception {
    Provider registered = new BouncyCastleProvider();
    Security.addProvider(registered);
    try {
      KeyPair keys = keyPair(JwsAlgorithm.ML_DSA_65);
      DpopProofFactory proofs =
          DpopProofFactory.builder(JwsAlgorithm.ML_DSA_65, keys.getPrivate(), keys.getPublic())
              .provider(registered)
              .clock(clock)
              .build();

      String proof = proofs.proof("GET", TARGET, ProofClaims.accessToken(TOKEN));
      assertThat(verify(JwsAlgorithm.ML_DSA_65, proof, proofs.thumbprint())).isNotNull();
    } finally {
      Security.removeProvider(registered.getName());
    }
  }

  @Test
  void aPrivateKeyOfAnotherPairFailsAtBuild() throws Exception {
    KeyPair keys = keyPair(JwsAlgorithm.ML_DSA_44);
    KeyPair other = keyPair(JwsAlgorithm.ML_DSA_44);

    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(
                        JwsAlgorithm.ML_DSA_44, other.getPrivate(), keys.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void aKeyOfAnotherParameterSetOrTypeFailsAtBuild() throws Exception {
    KeyPair mlDsa65 = keyPair(JwsAlgorithm.ML_DSA_65);
    KeyPair ec = TestKey.generate("ES256").keyPair();

    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(
                        JwsAlgorithm.ML_DSA_44, mlDsa65.getPrivate(), mlDsa65.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ML-DSA-44 needs a AKP key of that parameter set");
    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(JwsAlgorithm.ML_DSA_44, ec.getPrivate(), ec.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(
                        JwsAlgorithm.ES256, mlDsa65.getPrivate(), mlDsa65.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accessTokensAreNotSignedWithMlDsa() throws Exception {
    KeyPair keys = keyPair(JwsAlgorithm.ML_DSA_44);

    assertThatThrownBy(
            () -> AccessTokenSigner.builder(JwsAlgorithm.ML_DSA_44, keys.getPrivate(), keys.getPublic()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DPoP proofs only");
  }
}
