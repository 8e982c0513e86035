package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.jose4j.base64url.Base64Url;

/**
 * Fuzzes proof parsing and verification, so that no header value an attacker sends can crash the
 * verifier (an escaping RuntimeException becomes a 500 in an adapter without {@code DpopGate}) or
 * turn into anything but a 400, 401 or 503.
 *
 * <p>The first byte of an input chooses what the rest is (see the committed corpus under {@code
 * DpopVerifierFuzzTestInputs/}): {@code r} a raw {@code DPoP} header value, {@code m} several
 * values one per line, {@code j} a JOSE header and claims (one line each) around a bogus
 * signature, {@code s} and {@code p} claims that are signed for real (Ed25519, ES256) under a
 * valid header, so that the checks after the signature are reached. Any other first byte makes the
 * whole input a raw header value. The clock stands at {@code iat} 1700000000.
 */
class DpopVerifierFuzzTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final URI TARGET = URI.create("https://server.example.com/api/orders");
  private static final String ACCESS_TOKEN = "fuzz-access-token";
  private static final TestKey ED25519 = TestKey.generate("EdDSA");
  private static final TestKey P256 = TestKey.generate("ES256");
  private static final DpopVerifier VERIFIER =
      DpopVerifier.builder().clock(TestClock.at(NOW)).build();

  @FuzzTest(maxDuration = "20s")
  void anyDpopHeaderIsRefusedWithA400Or401Or503AndNeverCrashesTheVerifier(byte[] input) {
    List<String> dpopValues = dpopHeaderValues(input);
    for (TestKey boundKey : List.of(ED25519, P256)) {
      check(DpopRequest.toResourceServer("GET", TARGET, dpopValues, ACCESS_TOKEN, boundKey.thumbprint()));
    }
    check(DpopRequest.toTokenEndpoint("POST", TARGET, dpopValues));
  }

  private static void check(DpopRequest request) {
    try {
      VerifiedProof proof = VERIFIER.verify(request);
      assertThat(proof.thumbprint()).isIn(ED25519.thumbprint(), P256.thumbprint());
    } catch (DpopException refused) {
      assertThat(TokenEndpointProtection.of(VERIFIER).refusal(refused).status()).isIn(400, 503);
      assertThat(
              ResourceServerProtection.of(DpopAuthenticator.of(VERIFIER, token -> null))
                  .refusal(refused)
                  .status())
          .isIn(400, 401, 503);
    }
  }

  private static List<String> dpopHeaderValues(byte[] input) {
    if (input.length == 0) {
      return List.of();
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    switch (input[0]) {
      case 'r':
        return List.of(headerText(rest));
      case 'm':
        return List.of(headerText(rest).split("\n", -1));
      case 'j':
        int newline = indexOf(rest, (byte) '\n');
        byte[] header = newline < 0 ? rest : Arrays.copyOfRange(rest, 0, newline);
        byte[] claims = newline < 0 ? new byte[0] : Arrays.copyOfRange(rest, newline + 1, rest.length);
        return List.of(Base64Url.encode(header) + "." + Base64Url.encode(claims) + ".c2lnbmF0dXJl");
      case 's':
        return List.of(signedClaims(ED25519, rest));
      case 'p':
        return List.of(signedClaims(P256, rest));
      default:
        return List.of(headerText(input));
    }
  }

  /** Header bytes as a servlet container hands them over: one char per byte. */
  private static String headerText(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** A compact JWS of the raw claims bytes, signed for real under a valid DPoP header. */
  private static String signedClaims(TestKey key, byte[] claims) {
    return key.proof("GET", TARGET.toString()).signWithRawClaims(claims);
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
