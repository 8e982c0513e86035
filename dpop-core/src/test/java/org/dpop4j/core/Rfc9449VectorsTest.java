package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestProof;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;

/** The published examples of RFC 9449 and RFC 7638, verified byte for byte. */
class Rfc9449VectorsTest {

  /** RFC 9449 §4.1, Figure 4: the example proof on a token request. */
  static final String RFC_9449_PROOF =
      "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNo"
          + "UklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5"
          + "VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9T"
          + "VCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6"
          + "T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

  @Test
  void rfc9449ExampleProofVerifiesAtItsIssueTime() throws Exception {
    DpopVerifier verifier =
        DpopVerifier.builder().clock(TestClock.at(Instant.ofEpochSecond(1562262616))).build();

    VerifiedProof proof =
        verifier.verify(
            DpopRequest.toTokenEndpoint(
                "POST",
                URI.create("https://server.example.com/token"),
                List.of(RFC_9449_PROOF)));

    assertThat(proof.jti()).isEqualTo("-BwC3ESc6acc2lTc");
    assertThat(proof.htm()).isEqualTo("POST");
    assertThat(proof.htu()).isEqualTo("https://server.example.com/token");
    assertThat(proof.issuedAt()).isEqualTo(Instant.ofEpochSecond(1562262616));
    assertThat(proof.algorithm()).isEqualTo(JwsAlgorithm.ES256);
    assertThat(proof.nonce()).isEmpty();
    assertThat(proof.thumbprint()).hasSize(43);
  }

  @Test
  void rfc9449ExampleProofIsRefusedAHourLater() {
    TestClock clock = TestClock.at(Instant.ofEpochSecond(1562262616 + 3600));
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).build();

    DpopRequest request =
        DpopRequest.toTokenEndpoint(
            "POST",
            URI.create("https://server.example.com/token"),
            List.of(RFC_9449_PROOF));

    assertThat(Refusals.of(() -> verifier.verify(request))).isEqualTo(RefusalReason.IAT_TOO_OLD);
  }

  /** RFC 9449 §7.1: the example access token and its ath. */
  @Test
  void rfc9449ExampleAth() {
    assertThat(TestProof.ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"))
        .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  }

  /** RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint. */
  @Test
  void rfc7638ThumbprintVector() throws Exception {
    JsonWebKey jwk =
        JsonWebKey.Factory.newJwk(
            "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFx"
                + "uhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4Q"
                + "yQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qN"
                + "Lyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
                + "nqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}");

    assertThat(jwk.calculateBase64urlEncodedThumbprint("SHA-256"))
        .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  }
}
