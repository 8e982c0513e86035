package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by the bad-input tests: jose4j decodes the JOSE header and the claims leniently, turning
 * malformed UTF-8 into U+FFFD, so a validly signed proof with bytes that other parsers read
 * differently or refuse was accepted.
 */
class MalformedUtf8Test {

  private static final String TARGET = "https://server.example.com/token";
  private static final TestClock CLOCK = TestClock.startingNow();
  private static final TestKey KEY = TestKey.generate("ES256");

  /** Malformed UTF-8: a stray continuation byte, an overlong '/', a surrogate, a truncated sequence. */
  @ParameterizedTest
  @ValueSource(strings = {"ff", "80", "c0af", "eda080", "e282", "f4908080"})
  void stopsParserDifferentialsByRefusingMalformedUtf8InTheClaims(String malformedHex) {
    byte[] claims =
        ("{\"jti\":\"a\u0001\",\"htm\":\"POST\",\"htu\":\"" + TARGET + "\",\"iat\":"
                + CLOCK.instant().getEpochSecond() + "}")
            .getBytes(StandardCharsets.UTF_8);

    String proof = KEY.proof("POST", TARGET).signWithRawClaims(replaceMarker(claims, malformedHex));

    assertThatThrownBy(() -> verify(proof))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED_CLAIMS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ff", "c0af", "eda080"})
  void stopsParserDifferentialsByRefusingMalformedUtf8InTheJoseHeader(String malformedHex) {
    byte[] header =
        ("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"kid\":\"\u0001\",\"jwk\":"
                + KEY.publicJwk().toJson() + "}")
            .getBytes(StandardCharsets.UTF_8);

    String proof = KEY.proof("POST", TARGET).signWithRawHeader(replaceMarker(header, malformedHex));

    assertThatThrownBy(() -> verify(proof))
        .isInstanceOfSatisfying(
            DpopException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED_PROOF));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c3a9", "e282ac", "f09f9882"})
  void wellFormedMultibyteUtf8IsStillAccepted(String wellFormedHex) throws DpopException {
    byte[] claims =
        ("{\"jti\":\"a\u0001\",\"htm\":\"POST\",\"htu\":\"" + TARGET + "\",\"iat\":"
                + CLOCK.instant().getEpochSecond() + "}")
            .getBytes(StandardCharsets.UTF_8);

    VerifiedProof proof =
        verify(KEY.proof("POST", TARGET).signWithRawClaims(replaceMarker(claims, wellFormedHex)));

    assertThat(proof.jti())
        .isEqualTo("a" + new String(HexFormat.of().parseHex(wellFormedHex), StandardCharsets.UTF_8));
  }

  private static VerifiedProof verify(String proof) throws DpopException {
    return DpopVerifier.builder()
        .clock(CLOCK)
        .build()
        .verify(DpopRequest.toTokenEndpoint("POST", URI.create(TARGET), List.of(proof)));
  }

  /** {@code json} with its single 0x01 byte replaced by the bytes of {@code hex}. */
  private static byte[] replaceMarker(byte[] json, String hex) {
    byte[] replacement = HexFormat.of().parseHex(hex);
    int at = 0;
    while (json[at] != 1) {
      at++;
    }
    byte[] result = new byte[json.length - 1 + replacement.length];
    System.arraycopy(json, 0, result, 0, at);
    System.arraycopy(replacement, 0, result, at, replacement.length);
    System.arraycopy(json, at + 1, result, at + replacement.length, json.length - at - 1);
    return result;
  }
}
