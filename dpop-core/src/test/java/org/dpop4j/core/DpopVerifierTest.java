package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestProof;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DpopVerifierTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "an-access-token";
  static final TestKey KEY = TestKey.generate("ES256");

  TestClock clock;
  DpopVerifier verifier;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
    verifier = DpopVerifier.builder().clock(clock).build();
  }

  /** A valid proof for GET {@link #HTU} with the token's ath, issued now. */
  TestProof proof() {
    return KEY.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN);
  }

  VerifiedProof verify(String proof) throws DpopException {
    return verify(List.of(proof), "GET", HTU, TOKEN, KEY.thumbprint());
  }

  VerifiedProof verify(List<String> proofs, String method, String target, String token, String jkt)
      throws DpopException {
    return verifier.verify(
        DpopRequest.toResourceServer(method, URI.create(target), proofs, token, jkt));
  }

  RefusalReason refusalOf(String proof) {
    return Refusals.of(() -> verify(proof));
  }

  @Test
  void acceptsAValidProofAndReportsWhatItProved() throws Exception {
    VerifiedProof proof = verify(proof().jti("order-1").sign());

    assertThat(proof.thumbprint()).isEqualTo(KEY.thumbprint());
    assertThat(proof.publicKey()).isEqualTo(KEY.keyPair().getPublic());
    assertThat(proof.jti()).isEqualTo("order-1");
    assertThat(proof.htm()).isEqualTo("GET");
    assertThat(proof.htu()).isEqualTo(HTU);
    assertThat(proof.issuedAt()).isEqualTo(clock.instant());
  }

  @Nested
  class Attacks {

    @Test
    void twoDpopHeadersAreRefused() {
      List<String> twoProofs = List.of(proof().sign(), proof().sign());
      assertThat(Refusals.of(() -> verify(twoProofs, "GET", HTU, TOKEN, KEY.thumbprint())))
          .isEqualTo(RefusalReason.MULTIPLE_PROOFS);
    }

    @Test
    void commaJoinedProofsAreRefused() {
      assertThat(refusalOf(proof().sign() + "," + proof().sign()))
          .isEqualTo(RefusalReason.MULTIPLE_PROOFS);
    }

    @Test
    void missingProofIsRefused() {
      assertThat(Refusals.of(() -> verify(List.of(), "GET", HTU, TOKEN, KEY.thumbprint())))
          .isEqualTo(RefusalReason.MISSING_PROOF);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "not-a-jws",
          "a.b",
          "a.b.c.d",
          "eyJhbGciOiJFUzI1NiJ9..c2ln",
          "eyJhbGciOiJFUzI1NiJ9.e30=.c2ln",
          "eyJhbGciOiJFUzI1NiJ9.e30+.c2ln",
          "eyJhbGciOiJFUzI1NiJ9.e30.",
          "e.e30.c2ln",
          "bm90IGpzb24.e30.c2ln"
        })
    void malformedJwsIsRefused(String malformed) {
      assertThat(refusalOf(malformed)).isEqualTo(RefusalReason.MALFORMED_PROOF);
    }

    @Test
    void duplicateHeaderMembersAreRefused() {
      String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"alg\":\"none\"}";
      String proof = Base64Url.encodeUtf8ByteRepresentation(header) + ".e30.c2ln";
      assertThat(refusalOf(proof)).isEqualTo(RefusalReason.MALFORMED_PROOF);
    }

    @Test
    void duplicateClaimMembersAreRefused() {
      String signed = proof().sign();
      String[] parts = signed.split("\\.");
      String claims = "{\"jti\":\"a\",\"jti\":\"b\"}";
      String proof =
          parts[0] + "." + Base64Url.encodeUtf8ByteRepresentation(claims) + "." + parts[2];
      assertThat(refusalOf(proof)).isEqualTo(RefusalReason.MALFORMED_CLAIMS);
    }

    @Test
    void oversizedProofIsRefusedBeforeParsing() {
      String padding = "A".repeat(9000);
      assertThat(refusalOf(proof().claim("padding", padding).sign()))
          .isEqualTo(RefusalReason.PROOF_TOO_LARGE);
    }

    @Test
    void missingTypIsRefused() {
      assertThat(refusalOf(proof().header("typ", null).sign())).isEqualTo(RefusalReason.MISSING_TYP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "dpop"})
    void wrongTypIsRefused(String typ) {
      assertThat(refusalOf(proof().header("typ", typ).sign())).isEqualTo(RefusalReason.WRONG_TYP);
    }

    @Test
    void nonStringTypIsRefused() {
      assertThat(refusalOf(proof().header("typ", 7).sign())).isEqualTo(RefusalReason.WRONG_TYP);
    }

    @Test
    void missingAlgIsRefused() {
      assertThat(refusalOf(proof().header("alg", null).sign())).isEqualTo(RefusalReason.MISSING_ALG);
    }

    @Test
    void algNoneIsRefused() {
      assertThat(refusalOf(proof().header("alg", "none").sign()))
          .isEqualTo(RefusalReason.ALG_NOT_ALLOWED);
    }

    /** The classic algorithm-confusion attack: HMAC keyed with the victim's public key. */
    @Test
    void hs256WithThePublicKeyAsSecretIsRefused() {
      byte[] publicKeyAsSecret =
          KEY.publicJwk().toJson().getBytes(StandardCharsets.UTF_8);
      String forged = proof().header("alg", "HS256").signWithHmac(publicKeyAsSecret);
      assertThat(refusalOf(forged)).isEqualTo(RefusalReason.ALG_NOT_ALLOWED);
    }

    @Test
    void algOutsideTheConfiguredAllowListIsRefused() {
      verifier =
          DpopVerifier.builder().clock(clock).allowedAlgorithms(Set.of(JwsAlgorithm.PS256)).build();
      assertThat(refusalOf(proof().sign())).isEqualTo(RefusalReason.ALG_NOT_ALLOWED);
    }

    @Test
    void critHeaderIsRefused() {
      assertThat(refusalOf(proof().header("crit", List.of("exp")).sign()))
          .isEqualTo(RefusalReason.UNSUPPORTED_CRITICAL_HEADER);
    }

    @Test
    void missingJwkIsRefused() {
      assertThat(refusalOf(proof().header("jwk", null).sign())).isEqualTo(RefusalReason.MISSING_JWK);
    }

    @Test
    void jwkThatIsNotAnObjectIsRefused() {
      assertThat(refusalOf(proof().header("jwk", "key").sign())).isEqualTo(RefusalReason.INVALID_JWK);
    }

    @Test
    void privateKeyInJwkIsRefused() throws Exception {
      PublicJsonWebKey withPrivate = PublicJsonWebKey.Factory.newPublicJwk(KEY.keyPair().getPublic());
      withPrivate.setPrivateKey(KEY.keyPair().getPrivate());
      Map<String, Object> leaked =
          withPrivate.toParams(PublicJsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
      assertThat(leaked).containsKey("d");
      assertThat(refusalOf(proof().header("jwk", leaked).sign()))
          .isEqualTo(RefusalReason.PRIVATE_KEY_IN_JWK);
    }

    @Test
    void symmetricJwkIsRefused() {
      Map<String, Object> oct = Map.of("kty", "oct", "k", "c2VjcmV0");
      assertThat(refusalOf(proof().header("jwk", oct).sign()))
          .isEqualTo(RefusalReason.PRIVATE_KEY_IN_JWK);
    }

    /** Invalid-curve attack: a point that is not on P-256. */
    @Test
    void ecPointNotOnTheCurveIsRefused() {
      Map<String, Object> jwk = new LinkedHashMap<>(publicParams(KEY));
      BigInteger y = new BigInteger(1, Base64Url.decode((String) jwk.get("y")));
      jwk.put("y", Base64Url.encode(toFixedLength(y.add(BigInteger.ONE), 32)));
      assertThat(refusalOf(proof().header("jwk", jwk).sign()))
          .isEqualTo(RefusalReason.EC_POINT_NOT_ON_CURVE);
    }

    @Test
    void ecCoordinateOfTheWrongLengthIsRefused() {
      Map<String, Object> jwk = new LinkedHashMap<>(publicParams(KEY));
      jwk.put("x", Base64Url.encode(new byte[31]));
      assertThat(refusalOf(proof().header("jwk", jwk).sign())).isEqualTo(RefusalReason.INVALID_JWK);
    }

    @Test
    void keyOfAnotherTypeThanTheAlgIsRefused() {
      TestKey rsa = TestKey.generate("RS256");
      assertThat(refusalOf(proof().header("jwk", publicParams(rsa)).sign()))
          .isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void curveOfAnotherSizeThanTheAlgIsRefused() {
      TestKey p384 = TestKey.generate("ES384");
      assertThat(refusalOf(proof().header("jwk", publicParams(p384)).sign()))
          .isEqualTo(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }

    @Test
    void rsaKeyBelow2048BitsIsRefused() {
      TestKey weak = TestKey.generate("RS256", 1024);
      String proof = weak.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();
      assertThat(Refusals.of(() -> verify(List.of(proof), "GET", HTU, TOKEN, weak.thumbprint())))
          .isEqualTo(RefusalReason.KEY_TOO_SMALL);
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
      TestKey attacker = TestKey.generate("ES256");
      assertThat(refusalOf(proof().signedBy(attacker.keyPair().getPrivate()).sign()))
          .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void tamperedClaimsAreRefused() {
      String[] parts = proof().sign().split("\\.");
      String claims = new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8);
      String tampered =
          parts[0] + "." + Base64Url.encodeUtf8ByteRepresentation(claims.replace("GET", "GET "))
              + "." + parts[2];
      assertThat(Refusals.of(() -> verify(List.of(tampered), "GET ", HTU, TOKEN, KEY.thumbprint())))
          .isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void missingJtiIsRefused() {
      assertThat(refusalOf(proof().claim("jti", null).sign())).isEqualTo(RefusalReason.MISSING_JTI);
    }

    @Test
    void overlongJtiIsRefused() {
      assertThat(refusalOf(proof().jti("j".repeat(257)).sign()))
          .isEqualTo(RefusalReason.JTI_TOO_LONG);
    }

    @Test
    void missingHtmIsRefused() {
      assertThat(refusalOf(proof().claim("htm", null).sign())).isEqualTo(RefusalReason.MISSING_HTM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "get", "DELETE"})
    void htmOfAnotherMethodIsRefused(String htm) {
      assertThat(refusalOf(proof().claim("htm", htm).sign())).isEqualTo(RefusalReason.HTM_MISMATCH);
    }

    @Test
    void missingHtuIsRefused() {
      assertThat(refusalOf(proof().claim("htu", null).sign())).isEqualTo(RefusalReason.MISSING_HTU);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://evil.example.com/orders",
          "http://api.example.com/orders",
          "https://api.example.com:8443/orders",
          "https://api.example.com/orders/1",
          "https://api.example.com/Orders",
          "https://api.example.com.evil.example/orders"
        })
    void htuOfAnotherHostSchemePortOrPathIsRefused(String htu) {
      assertThat(refusalOf(proof().claim("htu", htu).sign())).isEqualTo(RefusalReason.HTU_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders", "ftp://api.example.com/orders", "https://user@api.example.com/orders", "https://"})
    void htuThatIsNotAnAbsoluteHttpUriIsRefused(String htu) {
      assertThat(refusalOf(proof().claim("htu", htu).sign())).isEqualTo(RefusalReason.INVALID_HTU);
    }

    @Test
    void missingIatIsRefused() {
      assertThat(refusalOf(proof().claim("iat", null).sign())).isEqualTo(RefusalReason.MISSING_IAT);
    }

    @Test
    void nonNumericIatIsRefused() {
      assertThat(refusalOf(proof().claim("iat", "now").sign())).isEqualTo(RefusalReason.MISSING_IAT);
    }

    @Test
    void iatAnHourOldIsRefused() {
      assertThat(refusalOf(proof().issuedAt(clock.instant().minus(Duration.ofHours(1))).sign()))
          .isEqualTo(RefusalReason.IAT_TOO_OLD);
    }

    @Test
    void iatAnHourAheadIsRefused() {
      assertThat(refusalOf(proof().issuedAt(clock.instant().plus(Duration.ofHours(1))).sign()))
          .isEqualTo(RefusalReason.IAT_IN_FUTURE);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e300, -1e300, 9.3e18})
    void absurdIatIsRefused(double iat) {
      assertThat(refusalOf(proof().claim("iat", iat).sign()))
          .isIn(RefusalReason.IAT_TOO_OLD, RefusalReason.IAT_IN_FUTURE);
    }

    @Test
    void replayedProofIsRefused() throws Exception {
      String proof = proof().sign();
      verify(proof);
      assertThat(refusalOf(proof)).isEqualTo(RefusalReason.REPLAYED_PROOF);
    }

    @Test
    void athOfAnotherTokenIsRefused() {
      assertThat(refusalOf(proof().accessToken("another-token").sign()))
          .isEqualTo(RefusalReason.ATH_MISMATCH);
    }

    @Test
    void missingAthWithATokenIsRefused() {
      assertThat(refusalOf(proof().claim("ath", null).sign())).isEqualTo(RefusalReason.MISSING_ATH);
    }

    /** A stolen token replayed with the thief's own key: the binding does not match. */
    @Test
    void tokenBoundToAnotherKeyIsRefused() {
      TestKey thief = TestKey.generate("ES256");
      String proof = thief.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();
      assertThat(Refusals.of(() -> verify(List.of(proof), "GET", HTU, TOKEN, KEY.thumbprint())))
          .isEqualTo(RefusalReason.KEY_NOT_BOUND_TO_TOKEN);
    }

    @Test
    void codeBoundToAnotherKeyIsRefusedAsAnInvalidGrant() throws Exception {
      String proof = KEY.proof("POST", HTU).issuedAt(clock.instant()).sign();
      String codeBoundTo = TestKey.generate("ES256").thumbprint();
      DpopRequest request =
          DpopRequest.toTokenEndpoint("POST", URI.create(HTU), List.of(proof), codeBoundTo);
      assertThat(Refusals.of(() -> verifier.verify(request)))
          .isEqualTo(RefusalReason.DPOP_JKT_MISMATCH);
      assertThat(RefusalReason.DPOP_JKT_MISMATCH.error().code()).isEqualTo("invalid_grant");
      // Refused before its jti was recorded: the legitimate client's request is not burnt.
      assertThat(
              verifier.verify(
                  DpopRequest.toTokenEndpoint(
                      "POST", URI.create(HTU), List.of(proof), KEY.thumbprint())))
          .isNotNull();
    }

    /** A refusal must not use up the jti: otherwise an attacker could burn proofs in flight. */
    @Test
    void aRefusedProofIsNotConsumed() throws Exception {
      String proof = proof().sign();
      assertThat(Refusals.of(() -> verify(List.of(proof), "GET", HTU, "wrong-token", KEY.thumbprint())))
          .isEqualTo(RefusalReason.ATH_MISMATCH);
      assertThat(Refusals.of(() -> verify(List.of(proof), "GET", HTU, TOKEN, "other-jkt")))
          .isEqualTo(RefusalReason.KEY_NOT_BOUND_TO_TOKEN);

      assertThat(verify(proof).jti()).isNotEmpty();
    }

    @Test
    void fullReplayStoreRefusesAsUnavailable() throws Exception {
      verifier =
          DpopVerifier.builder()
              .clock(clock)
              .replayCache(org.dpop4j.core.replay.InMemoryReplayCache.withMaximumSize(1))
              .build();
      verify(proof().sign());
      assertThat(refusalOf(proof().sign())).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
    }
  }

  @Nested
  class Accepted {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://api.example.com/orders?page=2",
          "https://api.example.com/orders#top",
          "https://api.example.com/orders?page=2#top",
          "https://API.Example.COM/orders",
          "HTTPS://api.example.com:443/orders",
          "https://api.example.com/./orders",
          "https://api.example.com/x/../orders",
          "https://api.example.com/%6Frders"
        })
    void requestUriThatNormalizesToTheHtu(String requestUri) throws Exception {
      assertThat(verify(List.of(proof().sign()), "GET", requestUri, TOKEN, KEY.thumbprint()).htu())
          .isEqualTo(HTU);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://API.example.com:443/orders", "https://api.example.com/orders?q=1"})
    void htuThatNormalizesToTheRequestUri(String htu) throws Exception {
      assertThat(verify(proof().claim("htu", htu).sign()).htu()).isEqualTo(htu);
    }

    @ParameterizedTest
    @ValueSource(ints = {-10, -5, 0, 5, 10})
    void clockSkewOfTenSeconds(int skewSeconds) throws Exception {
      String proof = proof().issuedAt(clock.instant().plusSeconds(skewSeconds)).sign();
      assertThat(verify(proof).issuedAt()).isEqualTo(clock.instant().plusSeconds(skewSeconds));
    }

    @Test
    void proofJustInsideTheMaximumAge() throws Exception {
      assertThat(verify(proof().issuedAt(clock.instant().minusSeconds(70)).sign())).isNotNull();
    }

    @Test
    void typIsAMediaTypeComparedWithoutCase() throws Exception {
      assertThat(verify(proof().header("typ", "application/DPoP+JWT").sign())).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(
        value = JwsAlgorithm.class,
        mode = EnumSource.Mode.EXCLUDE,
        names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
    void everyAlgorithmAllowedByDefault(JwsAlgorithm algorithm) throws Exception {
      TestKey key = TestKey.generate(algorithm.joseName());
      String proof = key.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();

      VerifiedProof verified = verify(List.of(proof), "GET", HTU, TOKEN, key.thumbprint());

      assertThat(verified.algorithm()).isEqualTo(algorithm);
      assertThat(verified.thumbprint()).isEqualTo(key.thumbprint());
    }

    @Test
    void tokenEndpointProofNeedsNoAthAndGivesTheThumbprintToBind() throws Exception {
      String proof = KEY.proof("POST", "https://as.example.com/token").issuedAt(clock.instant()).sign();
      VerifiedProof verified =
          verifier.verify(
              DpopRequest.toTokenEndpoint(
                  "POST",
                  URI.create("https://as.example.com/token"),
                  List.of(proof), KEY.thumbprint()));
      assertThat(verified.thumbprint()).isEqualTo(KEY.thumbprint());
    }

    @Test
    void sameJtiFromAnotherKeyIsADifferentProof() throws Exception {
      TestKey other = TestKey.generate("ES256");
      verify(proof().jti("shared").sign());
      String proof =
          other.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).jti("shared").sign();
      assertThat(verify(List.of(proof), "GET", HTU, TOKEN, other.thumbprint())).isNotNull();
    }
  }

  static Map<String, Object> publicParams(TestKey key) {
    return key.publicJwk().toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  static byte[] toFixedLength(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[length];
    int copy = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
    return fixed;
  }
}
