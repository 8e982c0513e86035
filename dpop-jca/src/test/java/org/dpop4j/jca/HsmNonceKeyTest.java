package org.dpop4j.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.dpop4j.jca.testing.SoftHsm;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.Test;

/** The nonce service's HMAC key can live in the HSM: core only needs its Provider. */
class HsmNonceKeyTest {

  private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.test/token");

  private final SoftHsm hsm = SoftHsm.get();
  private final TestClock clock = TestClock.at(Instant.parse("2026-11-25T10:00:00Z"));

  @Test
  void noncesMacedInTheHsmAreAcceptedAndForeignOnesRefused() throws Exception {
    SecretKey hmacKey = hsmHmacKey();
    NonceService nonces =
        NonceService.builder(hmacKey).provider(hsm.token().provider()).clock(clock).build();
    DpopVerifier verifier = DpopVerifier.builder().requireNonce(nonces).clock(clock).build();
    KeyPair client = TestKey.generate("ES256").keyPair();
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, client.getPrivate(), client.getPublic())
            .clock(clock)
            .build();

    assertThat(
            verifier
                .verify(request(proofs, nonces.currentNonce()))
                .nonce())
        .contains(nonces.currentNonce());

    String foreignNonce =
        NonceService.builder(KeyGenerator.getInstance("HmacSHA256").generateKey())
            .clock(clock)
            .build()
            .currentNonce();
    assertThatThrownBy(() -> verifier.verify(request(proofs, foreignNonce)))
        .isInstanceOf(DpopException.class)
        .extracting(e -> ((DpopException) e).reason())
        .isEqualTo(RefusalReason.INVALID_NONCE);
  }

  @Test
  void theHmacKeyIsNonExtractableAndSharedByEveryNodeThatOpensTheToken() throws Exception {
    SecretKey hmacKey = hsmHmacKey();
    assertThat(hmacKey.getEncoded()).isNull();
    assertThat(hmacKey.toString()).contains("token object", "sensitive", "unextractable")
        .doesNotContain("not sensitive");
    String nonce =
        NonceService.builder(hmacKey).provider(hsm.token().provider()).clock(clock).build()
            .currentNonce();

    try (Pkcs11Token otherNode =
        Pkcs11Token.builder(SoftHsm.LIBRARY, PinSource.fromEnvironment(SoftHsm.PIN_VARIABLE))
            .name("other-node")
            .slot(hsm.slot())
            .open()) {
      NonceService otherNodeNonces =
          NonceService.builder(otherNode.secretKey("nonce-hmac"))
              .provider(otherNode.provider())
              .clock(clock)
              .build();
      assertThat(otherNodeNonces.check(nonce)).isEqualTo(NonceService.Check.CURRENT);
    }
  }

  private SecretKey hsmHmacKey() throws Exception {
    synchronized (SoftHsm.class) {
      return hsm.token().aliases().contains("nonce-hmac")
          ? hsm.token().secretKey("nonce-hmac")
          : hsm.token().generateHmacKey("nonce-hmac");
    }
  }

  private static DpopRequest request(DpopProofFactory proofs, String nonce) {
    return DpopRequest.toTokenEndpoint(
        "POST",
        TOKEN_ENDPOINT,
        List.of(proofs.proof("POST", TOKEN_ENDPOINT, ProofClaims.nonce(nonce))));
  }
}
