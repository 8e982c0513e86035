package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.dpop4j.core.internal.KeyRules;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestProof;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proof keys that cost the server too much to verify with, or that anyone can sign for without a
 * private key: each is refused before its signature is checked.
 */
class WeakProofKeyTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "an-access-token";

  TestClock clock;
  DpopVerifier verifier;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
    verifier =
        DpopVerifier.builder()
            .clock(clock)
            .allowedAlgorithms(Set.of(JwsAlgorithm.values()))
            .build();
  }

  RefusalReason refusalOf(String proof, String jkt) {
    return Refusals.of(
        () ->
            verifier.verify(
                DpopRequest.toResourceServer("GET", URI.create(HTU), List.of(proof), TOKEN, jkt)));
  }

  /** A proof whose claims are fine, with {@code jwk} and {@code signature} as given. */
  String forgedProof(String alg, Map<String, Object> jwk, byte[] signature) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "dpop+jwt");
    header.put("alg", alg);
    header.put("jwk", jwk);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", "forged-1");
    claims.put("htm", "GET");
    claims.put("htu", HTU);
    claims.put("iat", clock.instant().getEpochSecond());
    claims.put("ath", TestProof.ath(TOKEN));
    return Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(header)) + "."
        + Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(claims)) + "."
        + Base64Url.encode(signature);
  }

  static Map<String, Object> rsaJwk(BigInteger modulus, BigInteger exponent) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("n", Base64Url.encode(unsigned(modulus)));
    jwk.put("e", Base64Url.encode(unsigned(exponent)));
    return jwk;
  }

  static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  /**
   * 3072-bit modulus, 3071-bit exponent: 10-13 ms per check, 40-57 times a normal RSA key. The
   * proof is signed for real, so without the rule it would be accepted, after the long check.
   */
  @Test
  void rsaKeyWithHugeExponentIsRefusedBeforeVerifying() {
    TestKey huge =
        TestKey.of("RS256",
            TestKey.rsaKeyPair(3072, BigInteger.ONE.shiftLeft(3070).add(BigInteger.ONE)));
    String proof = huge.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();

    assertThat(refusalOf(proof, huge.thumbprint()))
        .isEqualTo(RefusalReason.RSA_EXPONENT_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "ffff", "10000", "10002", "010000000000000000000000000000000000000000000000000000000000000001"})
  void rsaKeyWithAnExponentOutsideFips186IsRefused(String hexExponent) {
    TestKey rsa = TestKey.generate("RS256");
    BigInteger modulus = ((RSAPublicKey) rsa.keyPair().getPublic()).getModulus();
    String proof =
        forgedProof("RS256", rsaJwk(modulus, new BigInteger(hexExponent, 16)), new byte[256]);

    assertThat(refusalOf(proof, "any")).isEqualTo(RefusalReason.RSA_EXPONENT_NOT_ALLOWED);
  }

  @Test
  void rsaExponentBoundsAreThoseOfFips186() {
    BigInteger twoTo16 = BigInteger.ONE.shiftLeft(16);
    BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);
    assertThat(KeyRules.isAllowedRsaExponent(twoTo16.add(BigInteger.ONE))).isTrue();
    assertThat(KeyRules.isAllowedRsaExponent(twoTo256.subtract(BigInteger.ONE))).isTrue();
    assertThat(KeyRules.isAllowedRsaExponent(twoTo16)).isFalse();
    assertThat(KeyRules.isAllowedRsaExponent(twoTo16.subtract(BigInteger.ONE))).isFalse();
    assertThat(KeyRules.isAllowedRsaExponent(twoTo16.add(BigInteger.TWO))).isFalse();
    assertThat(KeyRules.isAllowedRsaExponent(twoTo256.add(BigInteger.ONE))).isFalse();
    assertThat(KeyRules.isAllowedRsaExponent(BigInteger.valueOf(3))).isFalse();
  }

  @Test
  void rsaKeyWithTheUsualExponentIsStillAccepted() throws Exception {
    TestKey rsa = TestKey.generate("PS256");
    assertThat(((RSAPublicKey) rsa.keyPair().getPublic()).getPublicExponent())
        .isEqualTo(BigInteger.valueOf(65537));
    String proof = rsa.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN).sign();

    assertThat(
            verifier.verify(
                    DpopRequest.toResourceServer(
                        "GET", URI.create(HTU), List.of(proof), TOKEN, rsa.thumbprint()))
                .thumbprint())
        .isEqualTo(rsa.thumbprint());
  }

  static Map<String, Object> ed25519Jwk(byte[] x) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "OKP");
    jwk.put("crv", "Ed25519");
    jwk.put("x", Base64Url.encode(x));
    return jwk;
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /**
   * With the identity point as key, R = identity and S = 0 satisfy [S]B = R + [k]A for every
   * message: a signature for a key nobody holds.
   */
  @Test
  void ed25519SmallOrderKeyCannotForgeAProof() throws Exception {
    byte[] identity = hex("0100000000000000000000000000000000000000000000000000000000000000");
    byte[] forgedSignature = new byte[64];
    System.arraycopy(identity, 0, forgedSignature, 0, 32);

    for (String alg : List.of("EdDSA", "Ed25519")) {
      String proof = forgedProof(alg, ed25519Jwk(identity), forgedSignature);
      assertThat(refusalOf(proof, "any")).isEqualTo(RefusalReason.WEAK_KEY);
    }
  }

  /**
   * The y coordinates of the eight points of small order (RFC 8032 §5.1.3 encodings, little
   * endian), the last two non-canonical (p and p + 1); each with both values of the sign bit.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
      })
  void everyEncodingOfAnEd25519SmallOrderPointIsRefused(String y) {
    for (boolean signBit : List.of(false, true)) {
      byte[] x = hex(y);
      if (signBit) {
        x[31] |= (byte) 0x80;
      }
      String proof = forgedProof("EdDSA", ed25519Jwk(x), new byte[64]);
      assertThat(refusalOf(proof, "any"))
          .as("y=%s sign=%s", y, signBit)
          .isEqualTo(RefusalReason.WEAK_KEY);
    }
  }

  /**
   * With t1 = 0 the verifier computes w' = A·z whatever the challenge c, so signing needs no
   * secret: here BouncyCastle signs with an expanded key whose secrets are all zero (s1 = s2 = t0
   * = 0), which yields exactly such a forgery, and plain ML-DSA verification accepts it.
   */
  @Test
  void mlDsaKeyWithZeroT1CannotForgeAProof() {
    byte[] rho = new byte[32];
    Arrays.fill(rho, (byte) 7);
    byte[] publicKey = Arrays.copyOf(rho, 1312);
    MLDSAPrivateKeyParameters noSecrets = zeroSecretMlDsa44Key(rho, publicKey);
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "AKP");
    jwk.put("alg", "ML-DSA-44");
    jwk.put("pub", Base64Url.encode(publicKey));
    String unsigned = forgedProof("ML-DSA-44", jwk, new byte[0]);
    String signingInput = unsigned.substring(0, unsigned.length() - 1);
    byte[] signature = mlDsaSign(noSecrets, signingInput.getBytes(StandardCharsets.US_ASCII));

    MLDSASigner plainVerifier = new MLDSASigner();
    plainVerifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_44, publicKey));
    byte[] message = signingInput.getBytes(StandardCharsets.US_ASCII);
    plainVerifier.update(message, 0, message.length);
    assertThat(plainVerifier.verifySignature(signature)).as("the forgery is real").isTrue();

    String proof = signingInput + "." + Base64Url.encode(signature);
    assertThat(refusalOf(proof, "any")).isEqualTo(RefusalReason.WEAK_KEY);
  }

  /** FIPS 204 skEncode of ML-DSA-44 with s1 = s2 = 0 (each coefficient stored as eta - 0 = 2). */
  private static MLDSAPrivateKeyParameters zeroSecretMlDsa44Key(byte[] rho, byte[] publicKey) {
    byte[] zeroS = new byte[384];
    for (int i = 0; i < zeroS.length; i += 3) {
      zeroS[i] = (byte) 0x92;
      zeroS[i + 1] = 0x24;
      zeroS[i + 2] = 0x49;
    }
    // t0 coefficients stored as 2^12 - t0, 13 bits each: 2^12 for 0.
    byte[] zeroT0Pattern = hex("00100002400008000120000480");
    byte[] zeroT0 = new byte[1664];
    for (int i = 0; i < zeroT0.length; i++) {
      zeroT0[i] = zeroT0Pattern[i % zeroT0Pattern.length];
    }
    byte[] tr = new byte[64];
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(publicKey, 0, publicKey.length);
    shake.doFinal(tr, 0, tr.length);
    return new MLDSAPrivateKeyParameters(
        MLDSAParameters.ml_dsa_44, rho, new byte[32], tr, zeroS, zeroS.clone(), zeroT0,
        new byte[1280]);
  }

  private static byte[] mlDsaSign(MLDSAPrivateKeyParameters key, byte[] message) {
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void mlDsaKeyWithAnyNonZeroT1IsNotRefusedAsWeak() {
    byte[] publicKey = new byte[1312];
    publicKey[1311] = 1;
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "AKP");
    jwk.put("alg", "ML-DSA-44");
    jwk.put("pub", Base64Url.encode(publicKey));

    assertThat(refusalOf(forgedProof("ML-DSA-44", jwk, new byte[2420]), "any"))
        .isEqualTo(RefusalReason.BAD_SIGNATURE);
  }
}
