package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server nonces (RFC 9449 §8): required, checked, rotated, and re-offered before they expire. */
class NonceTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "token";
  static final TestKey KEY = TestKey.generate("ES256");

  TestClock clock;
  NonceService nonces;
  DpopVerifier verifier;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
    nonces =
        NonceService.builder(new SecretKeySpec(new byte[32], "HmacSHA256"))
            .rotationPeriod(Duration.ofMinutes(5))
            .clock(clock)
            .build();
    verifier = DpopVerifier.builder().clock(clock).requireNonce(nonces).build();
  }

  VerifiedProof verifyWithNonce(String nonce) throws DpopException {
    var proof = KEY.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN);
    if (nonce != null) {
      proof.nonce(nonce);
    }
    return verifier.verify(
        DpopRequest.toResourceServer(
            "GET", URI.create(HTU), List.of(proof.sign()), TOKEN, KEY.thumbprint()));
  }

  @Test
  void missingNonceIsAnsweredWithUseDpopNonceAndAFreshNonce() {
    DpopException refusal = refusal(null);

    assertThat(refusal.reason()).isEqualTo(RefusalReason.MISSING_NONCE);
    HttpRefusal response = ResourceServerProtection.of(DpopAuthenticator.of(verifier, token -> null)).refusal(refusal);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers())
        .containsEntry("DPoP-Nonce", nonces.currentNonce())
        .hasEntrySatisfying(
            "WWW-Authenticate", v -> assertThat(v).startsWith("DPoP error=\"use_dpop_nonce\""));
  }

  @Test
  void tokenEndpointAnswersUseDpopNonceWith400AndJson() {
    HttpRefusal response = TokenEndpointProtection.of(verifier).refusal(refusal(null));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers()).containsEntry("DPoP-Nonce", nonces.currentNonce());
    assertThat(response.body()).contains("\"error\":\"use_dpop_nonce\"");
  }

  @Test
  void currentNonceIsAccepted() throws Exception {
    VerifiedProof proof = verifyWithNonce(nonces.currentNonce());
    assertThat(proof.nonce()).contains(nonces.currentNonce());
    assertThat(TokenEndpointProtection.of(verifier).nonceToOffer(proof)).isEmpty();
  }

  @Test
  void previousNonceIsAcceptedAndTheCurrentOneOffered() throws Exception {
    String old = nonces.currentNonce();
    clock.advance(Duration.ofMinutes(5));

    VerifiedProof proof = verifyWithNonce(old);

    assertThat(TokenEndpointProtection.of(verifier).nonceToOffer(proof)).contains(nonces.currentNonce()).isNotEqualTo(old);
  }

  @Test
  void staleNonceIsRefused() {
    String old = nonces.currentNonce();
    clock.advance(Duration.ofMinutes(10));
    assertThat(refusal(old).reason()).isEqualTo(RefusalReason.EXPIRED_NONCE);
    assertThat(refusal(old).error()).isEqualTo(DpopError.USE_DPOP_NONCE);
  }

  /** A nonce minted without the server's key, e.g. for a future period to pre-compute proofs. */
  @Test
  void forgedNonceIsRefused() {
    NonceService attacker =
        NonceService.builder(new SecretKeySpec(new byte[] {1, 2, 3, 4}, "HmacSHA256"))
            .clock(clock)
            .build();
    assertThat(refusal(attacker.currentNonce()).reason()).isEqualTo(RefusalReason.INVALID_NONCE);
    assertThat(refusal("not-a-nonce").reason()).isEqualTo(RefusalReason.INVALID_NONCE);
  }

  @Test
  void nonceFromAFuturePeriodIsRefused() {
    clock.advance(Duration.ofMinutes(10));
    String future = nonces.currentNonce();
    clock.advance(Duration.ofMinutes(-10));
    assertThat(nonces.check(future)).isEqualTo(NonceService.Check.INVALID);
  }

  DpopException refusal(String nonce) {
    try {
      verifyWithNonce(nonce);
      throw new AssertionError("accepted");
    } catch (DpopException e) {
      return e;
    }
  }
}
