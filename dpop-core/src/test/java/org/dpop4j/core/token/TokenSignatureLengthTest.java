package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TestTokens;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An access token's signature has one length: 64 bytes for Ed25519 (RFC 8032 §5.1.6), R||S of
 * the curve's size for ECDSA (RFC 7518 §3.4), 64 bytes for ES256. The JDK ignores the bytes
 * after an Ed25519 signature's 64, and jose4j splits an ECDSA signature of any shorter length in
 * halves and ignores an odd last byte, so without a length check one signed token could be sent
 * as many token strings, each accepted and each cached on its own. Both signature paths, the
 * BouncyCastle one and jose4j's, refuse them alike.
 */
class TokenSignatureLengthTest {

  /** Which code checks a token's signature. */
  enum Path {
    /** {@link TokenSignatures}, with BouncyCastle. */
    BOUNCY_CASTLE,
    /** jose4j and the JDK: {@link TokenSignatures} leaves tokens with {@code crit} to them. */
    JOSE4J
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void anEd25519TokenSignatureWithTrailingBytesIsRefused(Path path) throws Exception {
    PublicJsonWebKey key = TokenFastPathDifferentialTest.generate("EdDSA");
    AccessTokenValidator validator = validatorFor(key, "EdDSA");
    String valid = sign(key, "EdDSA", TokenFastPathDifferentialTest.claims(300), path);
    byte[] signature = TokenFastPathDifferentialTest.signature(valid);

    assertThat(validator.validate(valid).subject()).isEqualTo("alice");
    for (int extra : new int[] {1, 2, 64}) {
      assertRefusedAsBadSignature(
          validator, TokenFastPathDifferentialTest.withSignature(
              valid, Arrays.copyOf(signature, signature.length + extra)));
    }
  }

  /** jose4j and the JDK check EdDSA with an Ed448 key: 114 bytes, and again no byte more. */
  @Test
  void anEd448TokenSignatureWithTrailingBytesIsRefused() throws Exception {
    PublicJsonWebKey key = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED448);
    key.setKeyId("as-key");
    AccessTokenValidator validator = validatorFor(key, "EdDSA");
    String valid =
        sign(key, "EdDSA", TokenFastPathDifferentialTest.claims(300), Path.BOUNCY_CASTLE);
    byte[] signature = TokenFastPathDifferentialTest.signature(valid);

    assertThat(validator.validate(valid).subject()).isEqualTo("alice");
    for (int length : new int[] {signature.length + 1, signature.length + 64, 64}) {
      assertRefusedAsBadSignature(
          validator,
          TokenFastPathDifferentialTest.withSignature(valid, Arrays.copyOf(signature, length)));
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void aShortEd25519TokenSignatureIsRefused(Path path) throws Exception {
    PublicJsonWebKey key = TokenFastPathDifferentialTest.generate("EdDSA");
    AccessTokenValidator validator = validatorFor(key, "EdDSA");
    String valid = sign(key, "EdDSA", TokenFastPathDifferentialTest.claims(300), path);
    byte[] signature = TokenFastPathDifferentialTest.signature(valid);

    assertThat(validator.validate(valid).subject()).isEqualTo("alice");
    for (int length : new int[] {0, 1, 32, 63}) {
      assertRefusedAsBadSignature(
          validator,
          TokenFastPathDifferentialTest.withSignature(valid, Arrays.copyOf(signature, length)));
    }
  }

  /** R and S each fit 31 bytes, so jose4j reads the 62-byte R||S as the same signature. */
  @ParameterizedTest
  @EnumSource(Path.class)
  void aShortEs256TokenSignatureIsRefused(Path path) throws Exception {
    PublicJsonWebKey key = TokenFastPathDifferentialTest.generate("ES256");
    AccessTokenValidator validator = validatorFor(key, "ES256");
    SmallSignature small = SmallSignature.forKey(key, path);

    assertThat(validator.validate(small.token(32)).subject()).isEqualTo("alice");
    assertRefusedAsBadSignature(validator, small.token(31));
  }

  /** jose4j reads the first 62 of 63 bytes as R||S of 31 bytes each and ignores the last. */
  @ParameterizedTest
  @EnumSource(Path.class)
  void anEs256TokenSignatureWithTrailingBytesIsRefused(Path path) throws Exception {
    PublicJsonWebKey key = TokenFastPathDifferentialTest.generate("ES256");
    AccessTokenValidator validator = validatorFor(key, "ES256");
    SmallSignature small = SmallSignature.forKey(key, path);
    String valid = small.token(32);
    byte[] signature = TokenFastPathDifferentialTest.signature(valid);
    byte[] shortSignature = TokenFastPathDifferentialTest.signature(small.token(31));

    assertThat(validator.validate(valid).subject()).isEqualTo("alice");
    assertRefusedAsBadSignature(
        validator,
        TokenFastPathDifferentialTest.withSignature(
            valid, Arrays.copyOf(shortSignature, shortSignature.length + 1)));
    for (int extra : new int[] {1, 2, 64}) {
      assertRefusedAsBadSignature(
          validator, TokenFastPathDifferentialTest.withSignature(
              valid, Arrays.copyOf(signature, signature.length + extra)));
    }
  }

  /** Each token string has its own cache entry: a malleated one must not earn one. */
  @Test
  void aTokenWithTrailingSignatureBytesGetsNoCacheEntryOfItsOwn() throws Exception {
    PublicJsonWebKey key = TokenFastPathDifferentialTest.generate("EdDSA");
    ValidatedTokenCache cache = ValidatedTokenCache.builder().build();
    AccessTokenValidator validator =
        cache.cachingValidator(validatorFor(key, "EdDSA"));
    String valid = sign(key, "EdDSA", TokenFastPathDifferentialTest.claims(300), Path.BOUNCY_CASTLE);
    byte[] signature = TokenFastPathDifferentialTest.signature(valid);
    validator.validate(valid);

    assertRefusedAsBadSignature(
        validator,
        TokenFastPathDifferentialTest.withSignature(
            valid, Arrays.copyOf(signature, signature.length + 1)));
    assertThat(cache.size()).isEqualTo(1);
  }

  /** The tests' tokens take the path they name, and the valid ones pass it. */
  @ParameterizedTest
  @EnumSource(Path.class)
  void eachPathIsTheOneItsTokensTake(Path path) throws Exception {
    for (String alg : List.of("EdDSA", "ES256")) {
      PublicJsonWebKey key = TokenFastPathDifferentialTest.generate(alg);
      String token = sign(key, alg, TokenFastPathDifferentialTest.claims(300), path);
      TokenSignatures signatures =
          new TokenSignatures(
              new JwksVerificationKeyResolver(new JsonWebKeySet(jwks(key)).getJsonWebKeys()),
              Set.of(JwsAlgorithm.fromJoseName(alg).orElseThrow()));
      var context =
          new JwtConsumerBuilder()
              .setSkipAllValidators()
              .setDisableRequireSignature()
              .setSkipSignatureVerification()
              .build()
              .process(token);

      assertThat(signatures.verified(context, token))
          .as("%s checked by BouncyCastle", alg)
          .isEqualTo(path == Path.BOUNCY_CASTLE);
    }
  }

  static void assertRefusedAsBadSignature(AccessTokenValidator validator, String token) {
    assertThatExceptionOfType(DpopException.class)
        .as("signature of %d bytes", TokenFastPathDifferentialTest.signature(token).length)
        .isThrownBy(() -> validator.validate(token))
        .satisfies(
            refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.TOKEN_BAD_SIGNATURE));
  }

  static AccessTokenValidator validatorFor(PublicJsonWebKey key, String alg) {
    return JwtAccessTokenValidator.builder()
        .jwks(jwks(key))
        .issuer(TestTokens.ISSUER)
        .audience(TestTokens.AUDIENCE)
        .algorithms(Set.of(JwsAlgorithm.fromJoseName(alg).orElseThrow()))
        .build();
  }

  static String jwks(PublicJsonWebKey key) {
    return new JsonWebKeySet(key).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  static String sign(PublicJsonWebKey key, String alg, JwtClaims claims, Path path)
      throws Exception {
    JsonWebSignature jws = unsigned(key, alg, claims, path);
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  /** A JWS with the headers of {@code path}: {@code crit} names {@code b64}, which jose4j knows. */
  static JsonWebSignature unsigned(PublicJsonWebKey key, String alg, JwtClaims claims, Path path) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setHeader("typ", "at+jwt");
    jws.setAlgorithmHeaderValue(alg);
    if (path == Path.JOSE4J) {
      jws.setHeader("b64", true);
      jws.setCriticalHeaderNames("b64");
    }
    return jws;
  }

  /**
   * An ES256 signature whose R and S are each below 2^248, made with a nonce chosen for a small R
   * and claims chosen for a small S (or n - S), so that it is valid at 31 bytes a value as well
   * as at 32: a signer's random nonce gives one in 65,536 signatures.
   */
  record SmallSignature(String signingInput, BigInteger r, BigInteger s) {

    static SmallSignature forKey(PublicJsonWebKey key, Path path) throws Exception {
      X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
      BigInteger n = curve.getN();
      BigInteger d = ((ECPrivateKey) key.getPrivateKey()).getS();
      BigInteger k = BigInteger.valueOf(2);
      ECPoint kG = curve.getG().twice();
      BigInteger r;
      while ((r = kG.normalize().getAffineXCoord().toBigInteger().mod(n)).bitLength() > 248) {
        kG = kG.add(curve.getG());
        k = k.add(BigInteger.ONE);
      }
      BigInteger inverseK = k.modInverse(n);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (int attempt = 0; attempt < 100_000; attempt++) {
        JwtClaims claims = TokenFastPathDifferentialTest.claims(300);
        claims.setJwtId("attempt-" + attempt);
        JsonWebSignature jws = unsigned(key, "ES256", claims, path);
        String signingInput =
            jws.getHeaders().getEncodedHeader() + "." + jws.getEncodedPayload();
        BigInteger z =
            new BigInteger(1, sha256.digest(signingInput.getBytes(StandardCharsets.US_ASCII)));
        BigInteger s = inverseK.multiply(z.add(r.multiply(d))).mod(n);
        BigInteger lowS = s.min(n.subtract(s));
        if (lowS.bitLength() <= 248) {
          return new SmallSignature(signingInput, r, lowS);
        }
      }
      throw new IllegalStateException("no S below 2^248 in 100,000 attempts");
    }

    /** The token with R and S of {@code half} bytes each. */
    String token(int half) {
      return TokenFastPathDifferentialTest.withSignature(
          signingInput + ".", TokenFastPathDifferentialTest.concat(r, s, half));
    }
  }
}
