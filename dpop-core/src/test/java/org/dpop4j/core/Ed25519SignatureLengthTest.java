package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.jose4j.base64url.Base64Url;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An Ed25519 signature is 64 bytes (RFC 8032 §5.1.7). The JDK's verifier ignores bytes after
 * them, so without a length check one signed proof could be sent in endless encodings; every
 * path (plain, key-cache miss, key-cache hit) refuses them alike.
 */
class Ed25519SignatureLengthTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "an-access-token";

  @ParameterizedTest
  @EnumSource(
      value = JwsAlgorithm.class,
      names = {"EDDSA", "ED25519"})
  void ed25519SignatureWithTrailingBytesIsRefusedOnEveryPath(JwsAlgorithm algorithm)
      throws Exception {
    TestClock clock = TestClock.startingNow();
    TestKey key = TestKey.generate(algorithm.joseName());
    DpopVerifier plain = DpopVerifier.builder().clock(clock).keyCacheSize(0).build();
    DpopVerifier cached = DpopVerifier.builder().clock(clock).build();
    // The cached verifier has seen the key: the next proofs take the cache-hit path.
    cached.verify(
        request(key.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign(), key));

    DpopVerifier firstSight = DpopVerifier.builder().clock(clock).build();
    for (DpopVerifier verifier : List.of(plain, cached, firstSight)) {
      for (int extra : new int[] {1, 2, 64}) {
        String valid = key.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();
        byte[] signature = Base64Url.decode(valid.substring(valid.lastIndexOf('.') + 1));
        byte[] longer = Arrays.copyOf(signature, signature.length + extra);
        String padded = valid.substring(0, valid.lastIndexOf('.') + 1) + Base64Url.encode(longer);

        assertThatExceptionOfType(DpopException.class)
            .isThrownBy(() -> verifier.verify(request(padded, key)))
            .satisfies(refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE));
      }
    }
  }

  static DpopRequest request(String compact, TestKey boundKey) {
    return DpopRequest.toResourceServer(
        "GET", URI.create(HTU), List.of(compact), TOKEN, boundKey.thumbprint());
  }
}
