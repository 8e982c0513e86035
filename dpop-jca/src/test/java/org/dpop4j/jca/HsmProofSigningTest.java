package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.KeyGenerator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.testing.SoftHsm;
import org.dpop4j.testing.TestClock;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HsmProofSigningTest {

  private static final URI TARGET = URI.create("https://api.example.test/orders/7?expand=items#x");
  private static final String ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl";

  private final SoftHsm hsm = SoftHsm.get();
  private final TestClock clock = TestClock.at(Instant.parse("2026-11-25T10:00:00Z"));
  private final NonceService nonces = nonceService();
  private final DpopVerifier verifier =
      DpopVerifier.builder().requireNonce(nonces).clock(clock).build();

  @ParameterizedTest
  @EnumSource(names = {"ES256", "ES384", "ES512", "PS256", "RS256"})
  void proofsSignedInTheHsmPassTheVerifier(JwsAlgorithm algorithm) throws Exception {
    KeyPair keys = hsm.proofKey(algorithm);
    DpopProofFactory proofs =
        DpopProofFactory.builder(algorithm, keys.getPrivate(), keys.getPublic())
            .provider(hsm.token().provider())
            .clock(clock)
            .build();

    String proof =
        proofs.proof(
            "GET", TARGET, ProofClaims.accessToken(ACCESS_TOKEN).withNonce(nonces.currentNonce()));

    VerifiedProof verified =
        verifier.verify(
            DpopRequest.toResourceServer(
                "GET", TARGET, List.of(proof), ACCESS_TOKEN, proofs.thumbprint()));
    assertThat(verified.algorithm()).isEqualTo(algorithm);
    assertThat(verified.htu()).isEqualTo("https://api.example.test/orders/7");
    assertThat(verified.issuedAt()).isEqualTo(clock.instant());
    assertThat(verified.nonce()).contains(nonces.currentNonce());
  }

  @ParameterizedTest
  @EnumSource(names = {"ES256", "PS256", "EDDSA", "ED25519"})
  void proofsSignedWithSoftwareKeysPassTheVerifier(JwsAlgorithm algorithm) throws Exception {
    KeyPair keys = TestKey.generate(algorithm.joseName()).keyPair();
    DpopProofFactory proofs =
        DpopProofFactory.builder(algorithm, keys.getPrivate(), keys.getPublic())
            .clock(clock)
            .build();

    VerifiedProof verified =
        verifier.verify(
            DpopRequest.toTokenEndpoint(
                "POST",
                URI.create("https://as.example.test/token"),
                List.of(
                    proofs.proof(
                        "POST",
                        URI.create("https://as.example.test/token"),
                        ProofClaims.nonce(nonces.currentNonce()))),
                proofs.thumbprint()));
    assertThat(verified.algorithm()).isEqualTo(algorithm);
  }

  @Test
  void proofsCarryExactlyTheRfc9449HeaderAndClaims() throws Exception {
    KeyPair keys = hsm.proofKey(JwsAlgorithm.ES256);
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
            .provider(hsm.token().provider())
            .clock(clock)
            .build();

    JsonWebSignature first = parse(proofs.proof("GET", TARGET));
    JsonWebSignature second = parse(proofs.proof("GET", TARGET));

    assertThat(first.getHeaders().getFullHeaderAsJsonString())
        .contains("\"typ\":\"dpop+jwt\"", "\"alg\":\"ES256\"");
    Set<Object> jwkMembers =
        Set.copyOf(((Map<?, ?>) first.getHeaders().getObjectHeaderValue("jwk")).keySet());
    assertThat(jwkMembers).containsExactlyInAnyOrder("kty", "crv", "x", "y");
    Map<String, Object> claims = JsonUtil.parseJson(first.getUnverifiedPayload());
    assertThat(claims)
        .containsOnlyKeys("jti", "htm", "htu", "iat")
        .containsEntry("htm", "GET")
        .containsEntry("htu", "https://api.example.test/orders/7")
        .containsEntry("iat", clock.instant().getEpochSecond());
    assertThat(claims.get("jti"))
        .isNotEqualTo(JsonUtil.parseJson(second.getUnverifiedPayload()).get("jti"));
  }

  @Test
  void aProofWithoutTheCurrentNonceIsRefusedWithUseDpopNonce() throws Exception {
    KeyPair keys = hsm.proofKey(JwsAlgorithm.ES256);
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
            .provider(hsm.token().provider())
            .clock(clock)
            .build();

    assertThatThrownBy(
            () ->
                verifier.verify(
                    DpopRequest.toTokenEndpoint(
                        "GET", TARGET, List.of(proofs.proof("GET", TARGET)))))
        .isInstanceOf(DpopException.class)
        .extracting(e -> ((DpopException) e).reason())
        .isEqualTo(RefusalReason.MISSING_NONCE);
  }

  @Test
  void refusesAPrivateKeyThatDoesNotBelongToThePublicKey() {
    KeyPair hsmKeys = hsm.proofKey(JwsAlgorithm.ES256);
    KeyPair other = TestKey.generate("ES256").keyPair();

    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(
                        JwsAlgorithm.ES256, hsmKeys.getPrivate(), other.getPublic())
                    .provider(hsm.token().provider())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void refusesAKeyThatDoesNotSuitTheAlgorithm() {
    KeyPair p384 = TestKey.generate("ES384").keyPair();
    KeyPair smallRsa = TestKey.generate("RS256", 1024).keyPair();

    assertThatThrownBy(
            () -> DpopProofFactory.builder(JwsAlgorithm.ES256, p384.getPrivate(), p384.getPublic()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(
            () ->
                DpopProofFactory.builder(
                        JwsAlgorithm.RS256, smallRsa.getPrivate(), smallRsa.getPublic())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
  }

  private static JsonWebSignature parse(String compact) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(compact);
    return jws;
  }

  private NonceService nonceService() {
    try {
      return NonceService.builder(KeyGenerator.getInstance("HmacSHA256").generateKey())
          .rotationPeriod(Duration.ofMinutes(5))
          .clock(clock)
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
