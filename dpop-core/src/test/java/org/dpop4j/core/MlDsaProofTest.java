package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.mldsa.BCMLDSAPublicKey;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.internal.MlDsaPublicKey;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestProof;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Post-quantum proofs: ML-DSA-44/65/87 with AKP keys (RFC 9964), off unless allowed. */
class MlDsaProofTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "an-access-token";
  static final TestKey KEY_44 = TestKey.generate("ML-DSA-44");

  TestClock clock;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
  }

  DpopVerifier allowing(JwsAlgorithm... algorithms) {
    return DpopVerifier.builder()
        .clock(clock)
        .allowedAlgorithms(EnumSet.of(JwsAlgorithm.ES256, algorithms))
        .build();
  }

  TestProof proof(TestKey key) {
    return key.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN);
  }

  static VerifiedProof verify(DpopVerifier verifier, String proof, String jkt) throws DpopException {
    return verifier.verify(
        DpopRequest.toResourceServer("GET", URI.create(HTU), List.of(proof), TOKEN, jkt));
  }

  RefusalReason refusalOf(String proof) {
    return Refusals.of(() -> verify(allowing(JwsAlgorithm.ML_DSA_44), proof, KEY_44.thumbprint()));
  }

  @ParameterizedTest
  @EnumSource(names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
  void aProofOfEachParameterSetVerifiesAndBindsToItsThumbprint(JwsAlgorithm algorithm)
      throws Exception {
    TestKey key = TestKey.generate(algorithm.joseName());

    VerifiedProof verified = verify(allowing(algorithm), proof(key).sign(), key.thumbprint());

    assertThat(verified.algorithm()).isEqualTo(algorithm);
    assertThat(verified.thumbprint()).isEqualTo(key.thumbprint());
    assertThat(verified.publicKey()).isEqualTo(key.keyPair().getPublic());
    assertThat(JsonUtil.parseJson(verified.publicJwkJson())).isEqualTo(key.publicJwkMembers());
  }

  @Test
  void theDefaultAllowListRefusesMlDsa() {
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).build();

    assertThat(verifier.allowedAlgorithms())
        .doesNotContain(JwsAlgorithm.ML_DSA_44, JwsAlgorithm.ML_DSA_65, JwsAlgorithm.ML_DSA_87);
    assertThat(Refusals.of(() -> verify(verifier, proof(KEY_44).sign(), KEY_44.thumbprint())))
        .isEqualTo(RefusalReason.ALG_NOT_ALLOWED);
  }

  @Test
  void theChallengeAnnouncesTheAllowedMlDsaAlgorithms() {
    assertThat(ResourceServerProtection.of(DpopAuthenticator.of(allowing(JwsAlgorithm.ML_DSA_65), token -> null)).challenge().headers().get("WWW-Authenticate"))
        .contains("algs=\"ES256 ML-DSA-65\"");
  }

  @Nested
  class Attacks {

    @Test
    void aSignatureByAnotherKeyIsRefused() {
      TestKey other = TestKey.generate("ML-DSA-44");
      String forged = proof(KEY_44).signedBy(other.keyPair().getPrivate()).sign();
      assertThat(refusalOf(forged)).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void claimsChangedAfterSigningAreRefused() {
      String proof = proof(KEY_44).sign();
      String[] parts = proof.split("\\.");
      String otherClaims =
          proof(KEY_44).claim("htm", "GET").jti("another").sign().split("\\.")[1];
      assertThat(refusalOf(parts[0] + "." + otherClaims + "." + parts[2]))
          .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void aTruncatedSignatureIsRefusedBeforeAnyArithmetic() {
      String proof = proof(KEY_44).sign();
      assertThat(refusalOf(proof.substring(0, proof.length() - 4)))
          .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void aSignatureWithAContextStringIsRefused() throws Exception {
      // RFC 9964 §5: the context is empty. A signer that binds another context makes signatures
      // that must not verify here, or signatures made for other protocols could pass as proofs.
      byte[] seed = new byte[32];
      MLDSAPrivateKeyParameters privateKey =
          new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_44, seed);
      Map<String, Object> jwk =
          Map.of(
              "kty", "AKP",
              "alg", "ML-DSA-44",
              "pub", base64url(privateKey.getPublicKeyParameters().getEncoded()));
      String signingInput =
          base64url(
                  JsonUtil.toJson(Map.of("typ", "dpop+jwt", "alg", "ML-DSA-44", "jwk", jwk))
                      .getBytes(StandardCharsets.UTF_8))
              + "."
              + base64url(
                  JsonUtil.toJson(
                          Map.of(
                              "jti", "ctx", "htm", "GET", "htu", HTU, "iat",
                              clock.instant().getEpochSecond(), "ath", TestProof.ath(TOKEN)))
                      .getBytes(StandardCharsets.UTF_8));
      MLDSASigner signer = new MLDSASigner();
      signer.init(true, new ParametersWithContext(privateKey, "dpop".getBytes(StandardCharsets.US_ASCII)));
      byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
      signer.update(input, 0, input.length);
      String proof = signingInput + "." + base64url(signer.generateSignature());

      String jkt = MlDsaPublicKey.parse(jwk, JwsAlgorithm.ML_DSA_44).thumbprint();
      assertThat(Refusals.of(() -> verify(allowing(JwsAlgorithm.ML_DSA_44), proof, jkt)))
          .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void aPrivateKeyInTheJwkIsRefused() {
      Map<String, Object> jwk = KEY_44.publicJwkMembers();
      jwk.put("priv", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
          .isEqualTo(RefusalReason.PRIVATE_KEY_IN_JWK);
    }

    @Test
    void aJwkOfAnotherParameterSetIsRefused() {
      // A downgrade: the header claims ML-DSA-44 for a key that says it is an ML-DSA-65 key.
      Map<String, Object> jwk = KEY_44.publicJwkMembers();
      jwk.put("alg", "ML-DSA-65");
      assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
          .isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void aJwkWithoutAlgIsRefused() {
      Map<String, Object> jwk = KEY_44.publicJwkMembers();
      jwk.remove("alg");
      assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
          .isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void anAkpKeyUnderAClassicalAlgIsRefused() {
      TestKey ec = TestKey.generate("ES256");
      String proof = proof(ec).header("jwk", KEY_44.publicJwkMembers()).sign();
      assertThat(Refusals.of(() -> verify(allowing(JwsAlgorithm.ML_DSA_44), proof, ec.thumbprint())))
          .isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void anEcKeyUnderAnMlDsaAlgIsRefused() {
      TestKey ec = TestKey.generate("ES256");
      String proof = proof(KEY_44).header("jwk", ec.publicJwkMembers()).sign();
      assertThat(refusalOf(proof)).isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void aPublicKeyOfTheWrongLengthIsRefused() {
      byte[] pub = publicKeyBytes(KEY_44);
      for (int length : new int[] {pub.length - 1, pub.length + 1, 1952}) {
        byte[] resized = Arrays.copyOf(pub, length);
        Map<String, Object> jwk = KEY_44.publicJwkMembers();
        jwk.put("pub", base64url(resized));
        assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
            .as("pub of %d bytes", length)
            .isEqualTo(RefusalReason.INVALID_JWK);
      }
    }

    @Test
    void aSecondEncodingOfTheSameKeyIsRefused() {
      // With padding, or the standard alphabet, one key would have several thumbprints: a client
      // could then present one key under many jkt values.
      String pub = (String) KEY_44.publicJwkMembers().get("pub");
      String standardAlphabet = pub.replace('-', '+').replace('_', '/');
      for (String variant : List.of(pub + "==", standardAlphabet, " " + pub)) {
        Map<String, Object> jwk = KEY_44.publicJwkMembers();
        jwk.put("pub", variant);
        assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
            .as(variant.substring(0, 8))
            .isEqualTo(RefusalReason.INVALID_JWK);
      }
    }

    @Test
    void aPubThatIsNotAStringIsRefused() {
      Map<String, Object> jwk = KEY_44.publicJwkMembers();
      jwk.put("pub", List.of(1, 2, 3));
      assertThat(refusalOf(proof(KEY_44).header("jwk", jwk).sign()))
          .isEqualTo(RefusalReason.INVALID_JWK);
    }

    @Test
    void anMlDsaKeyBoundToAnotherTokenIsRefused() {
      TestKey other = TestKey.generate("ML-DSA-44");
      assertThat(
              Refusals.of(
                  () ->
                      verify(
                          allowing(JwsAlgorithm.ML_DSA_44),
                          proof(KEY_44).sign(),
                          other.thumbprint())))
          .isEqualTo(RefusalReason.KEY_NOT_BOUND_TO_TOKEN);
    }
  }

  @Nested
  class ProofLength {

    @Test
    void anMlDsa87ProofExceeds8192CharactersAndFitsTheDefaultOnceAllowed() throws Exception {
      TestKey key = TestKey.generate("ML-DSA-87");
      String proof = proof(key).sign();

      assertThat(proof.length()).isGreaterThan(8192);
      assertThat(verify(allowing(JwsAlgorithm.ML_DSA_87), proof, key.thumbprint())).isNotNull();
    }

    @Test
    void anMlDsa65ProofExceeds8192CharactersAndFitsTheDefaultOnceAllowed() throws Exception {
      TestKey key = TestKey.generate("ML-DSA-65");
      String proof = proof(key).sign();

      assertThat(proof.length()).isGreaterThan(8192);
      assertThat(verify(allowing(JwsAlgorithm.ML_DSA_65), proof, key.thumbprint())).isNotNull();
    }

    @Test
    void anExplicitLimitStillAppliesWithMlDsaAllowed() {
      TestKey key = TestKey.generate("ML-DSA-87");
      DpopVerifier verifier =
          DpopVerifier.builder()
              .clock(clock)
              .allowedAlgorithms(EnumSet.of(JwsAlgorithm.ML_DSA_87))
              .maxProofLength(8192)
              .build();

      assertThat(Refusals.of(() -> verify(verifier, proof(key).sign(), key.thumbprint())))
          .isEqualTo(RefusalReason.PROOF_TOO_LARGE);
    }

    @Test
    void theLimitStays8192WithoutTheLargerParameterSets() {
      // ML-DSA-44 proofs (about 5,900 characters) fit 8192, so allowing it grows nothing.
      String padded = proof(KEY_44).claim("padding", "x".repeat(2500)).sign();

      assertThat(padded.length()).isBetween(8193, 16384);
      assertThat(refusalOf(padded)).isEqualTo(RefusalReason.PROOF_TOO_LARGE);
    }
  }

  @Nested
  class IndependentVectors {

    /**
     * A proof signed once with BouncyCastle's lightweight API and hand-written JSON (see the
     * resource's description), not with dpop4j's code: it must verify at its issue time.
     */
    @Test
    void aProofMadeOutsideDpop4jVerifiesAtItsIssueTime() throws Exception {
      Map<String, Object> vector = json("ml-dsa-44-dpop-proof.json");
      Instant issuedAt = Instant.ofEpochSecond(((Number) vector.get("issuedAt")).longValue());
      DpopVerifier verifier =
          DpopVerifier.builder()
              .clock(TestClock.at(issuedAt))
              .allowedAlgorithms(EnumSet.of(JwsAlgorithm.ML_DSA_44))
              .build();

      VerifiedProof proof =
          verifier.verify(
              DpopRequest.toTokenEndpoint(
                  (String) vector.get("htm"),
                  URI.create((String) vector.get("htu")),
                  List.of((String) vector.get("proof")), (String) vector.get("jkt")));

      assertThat(proof.thumbprint()).isEqualTo(vector.get("jkt"));
      assertThat(proof.jti()).isEqualTo(vector.get("jti"));
      assertThat(proof.issuedAt()).isEqualTo(issuedAt);
      // The key is the one the vector's seed derives, so the vector is what it says it is.
      byte[] seed = HexFormat.of().parseHex((String) vector.get("seed"));
      assertThat(proof.publicKey())
          .isEqualTo(
              new BCMLDSAPublicKey(
                  new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_44, seed)
                      .getPublicKeyParameters()));
    }

    @Test
    void theVectorIsRefusedAMinuteAndAHalfLater() throws Exception {
      Map<String, Object> vector = json("ml-dsa-44-dpop-proof.json");
      Instant later = Instant.ofEpochSecond(((Number) vector.get("issuedAt")).longValue() + 90);
      DpopVerifier verifier =
          DpopVerifier.builder()
              .clock(TestClock.at(later))
              .allowedAlgorithms(EnumSet.of(JwsAlgorithm.ML_DSA_44))
              .build();
      DpopRequest request =
          DpopRequest.toTokenEndpoint(
              (String) vector.get("htm"),
              URI.create((String) vector.get("htu")),
              List.of((String) vector.get("proof")));

      assertThat(Refusals.of(() -> verifier.verify(request))).isEqualTo(RefusalReason.IAT_TOO_OLD);
    }

    /** RFC 9964 Appendix A.1: its example kids are the thumbprints of the all-zeros-seed keys. */
    @ParameterizedTest
    @EnumSource(names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
    void thumbprintsMatchTheRfc9964ExampleKids(JwsAlgorithm algorithm) throws Exception {
      Map<?, ?> kids = (Map<?, ?>) json("rfc9964-examples.json").get("kid");

      assertThat(allZerosSeedKey(algorithm).thumbprint()).isEqualTo(kids.get(algorithm.joseName()));
    }

    /** RFC 9964 Appendix A.1: the ML-DSA-44 example JWS, made with Cloudflare CIRCL, verifies. */
    @Test
    void theRfc9964ExampleSignatureVerifies() throws Exception {
      String jws = (String) json("rfc9964-examples.json").get("jws");
      int lastDot = jws.lastIndexOf('.');
      byte[] signingInput = jws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = Base64.getUrlDecoder().decode(jws.substring(lastDot + 1));
      MlDsaPublicKey key = allZerosSeedKey(JwsAlgorithm.ML_DSA_44);

      assertThat(key.verify(signingInput, signature)).isTrue();
      signature[100] ^= 1;
      assertThat(key.verify(signingInput, signature)).isFalse();
    }

    MlDsaPublicKey allZerosSeedKey(JwsAlgorithm algorithm) throws DpopException {
      MLDSAParameters parameters =
          switch (algorithm) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            default -> MLDSAParameters.ml_dsa_87;
          };
      byte[] pub =
          new MLDSAPrivateKeyParameters(parameters, new byte[32])
              .getPublicKeyParameters()
              .getEncoded();
      return MlDsaPublicKey.parse(
          Map.of("kty", "AKP", "alg", algorithm.joseName(), "pub", base64url(pub)), algorithm);
    }
  }

  static Map<String, Object> json(String resource) throws Exception {
    try (InputStream in = MlDsaProofTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return JsonUtil.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static byte[] publicKeyBytes(TestKey key) {
    return Base64.getUrlDecoder().decode((String) key.publicJwkMembers().get("pub"));
  }

  static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
