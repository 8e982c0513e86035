package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.LittleEndian256;
import org.dpop4j.testing.TestTokens;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BouncyCastle signature check of access tokens ({@link TokenSignatures}) must never change a
 * verdict: {@link JwtAccessTokenValidator} and jose4j's own consumer with the JDK's signature
 * check, configured alike, get the same generated tokens, valid and broken in many ways, and must
 * accept and refuse the same ones. The one deliberate difference, signatures of another length
 * than their key's, which the validator refuses on every path, is part of that configuration.
 */
class TokenFastPathDifferentialTest {

  static final int RANDOM_SIGNATURES = 16;

  final Random random = new Random(9068);
  int accepted;
  int refused;

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "EdDSA"})
  void verdictsAreTheSameAsTheJdksOnTheSameTokens(String alg) throws Exception {
    PublicJsonWebKey key = generate(alg);
    PublicJsonWebKey other = generate(alg);
    other.setKeyId(key.getKeyId());
    String jwks = new JsonWebKeySet(key).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    JwtAccessTokenValidator fast =
        JwtAccessTokenValidator.builder()
            .jwks(jwks)
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .build();
    JwtConsumer jdk =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
            .setJwsAlgorithmConstraints(
                new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT,
                    "RS256", "PS256", "ES256", "ES384", "EdDSA"))
            .setExpectedIssuer(TestTokens.ISSUER)
            .setExpectedAudience(TestTokens.AUDIENCE)
            .setRequireSubject()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(30)
            .build();

    String valid = sign(key, alg, claims(300));
    TokenSignatures bouncyCastle =
        new TokenSignatures(
            new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()),
            Set.of(JwsAlgorithm.fromJoseName(alg).orElseThrow()));
    JwtConsumer unverifiedParser =
        new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();
    assertThat(bouncyCastle.verified(unverifiedParser.process(valid), valid))
        .as("BouncyCastle, not the JDK, checks a %s token", alg)
        .isTrue();

    for (String token : variants(key, other, alg)) {
      boolean jdkAccepts = accepts(jdk, token, signature(valid).length);
      boolean fastAccepts = accepts(fast, token);
      assertThat(fastAccepts).as("verdict for %s", token).isEqualTo(jdkAccepts);
      if (jdkAccepts) {
        accepted++;
      } else {
        refused++;
      }
    }

    assertThat(accepted).isGreaterThanOrEqualTo(3);
    assertThat(refused).isGreaterThan(RANDOM_SIGNATURES + 10);
  }

  List<String> variants(PublicJsonWebKey key, PublicJsonWebKey other, String alg)
      throws Exception {
    List<String> tokens = new ArrayList<>();
    String valid = sign(key, alg, claims(300));
    tokens.add(valid);
    tokens.add(valid);
    // Another valid one: the Ed25519 signatures the JDK accepted with trailing bytes are refused.
    tokens.add(sign(key, alg, claims(600)));
    tokens.add(sign(key, alg, claims(-3600)));
    tokens.add(sign(other, alg, claims(300)));
    byte[] signature = signature(valid);
    for (int bit : new int[] {0, 7, signature.length * 4, signature.length * 8 - 1}) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      tokens.add(withSignature(valid, flipped));
    }
    for (int i = 0; i < RANDOM_SIGNATURES; i++) {
      byte[] randomBytes = new byte[signature.length];
      random.nextBytes(randomBytes);
      tokens.add(withSignature(valid, randomBytes));
    }
    for (int length : new int[] {0, 1, signature.length - 1, signature.length + 1,
        2 * signature.length}) {
      tokens.add(withSignature(valid, Arrays.copyOf(signature, length)));
    }
    String[] parts = valid.split("\\.");
    tokens.add(parts[0] + "." + sign(key, alg, claims(600)).split("\\.")[1] + "." + parts[2]);
    if (alg.startsWith("ES")) {
      BigInteger n = ((ECPublicKey) key.getPublicKey()).getParams().getOrder();
      int half = signature.length / 2;
      BigInteger r = new BigInteger(1, signature, 0, half);
      BigInteger s = new BigInteger(1, signature, half, half);
      tokens.add(withSignature(valid, concat(r, n.subtract(s), half)));
      tokens.add(withSignature(valid, concat(s, r, half)));
      tokens.add(withSignature(valid, concat(r.add(n), s, half)));
      for (BigInteger edge : List.of(BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE),
          n, n.add(BigInteger.ONE))) {
        tokens.add(withSignature(valid, concat(edge, s, half)));
        tokens.add(withSignature(valid, concat(r, edge, half)));
      }
    } else {
      BigInteger order =
          BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
      BigInteger s = LittleEndian256.read(signature, 32);
      for (BigInteger badS : List.of(s.add(order), order)) {
        byte[] changed = signature.clone();
        LittleEndian256.write(badS, changed, 32);
        tokens.add(withSignature(valid, changed));
      }
      byte[] identityR = signature.clone();
      Arrays.fill(identityR, 0, 64, (byte) 0);
      identityR[0] = 1;
      tokens.add(withSignature(valid, identityR));
    }
    return tokens;
  }

  static boolean accepts(JwtAccessTokenValidator validator, String token) {
    try {
      validator.validate(token);
      return true;
    } catch (DpopException e) {
      return false;
    }
  }

  /**
   * jose4j and the JDK, with the checks the validator makes besides: the at+jwt type, and the
   * signature's one length for its key, where the JDK ignores an Ed25519 signature's bytes after
   * the 64 and jose4j halves a short ECDSA one (TokenSignatureLengthTest).
   */
  static boolean accepts(JwtConsumer consumer, String token, int signatureLength) {
    try {
      return "at+jwt"
              .equals(consumer.process(token).getJoseObjects().get(0).getHeaders()
                  .getStringHeaderValue("typ"))
          && signature(token).length == signatureLength;
    } catch (InvalidJwtException e) {
      return false;
    }
  }

  static PublicJsonWebKey generate(String alg) throws Exception {
    PublicJsonWebKey key =
        switch (alg) {
          case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
          case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
          default -> OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        };
    key.setKeyId("as-key");
    return key;
  }

  static JwtClaims claims(long expiresInSeconds) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("alice");
    claims.setExpirationTime(
        NumericDate.fromSeconds(Instant.now().getEpochSecond() + expiresInSeconds));
    claims.setClaim("cnf", Map.of("jkt", "jkt-of-alice"));
    return claims;
  }

  static String sign(PublicJsonWebKey key, String alg, JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setHeader("typ", "at+jwt");
    jws.setAlgorithmHeaderValue(alg);
    return jws.getCompactSerialization();
  }

  static byte[] signature(String token) {
    return Base64Url.decode(token.substring(token.lastIndexOf('.') + 1));
  }

  static String withSignature(String token, byte[] signature) {
    return token.substring(0, token.lastIndexOf('.') + 1) + Base64Url.encode(signature);
  }

  static byte[] concat(BigInteger r, BigInteger s, int half) {
    byte[] signature = new byte[2 * half];
    place(r, signature, 0, half);
    place(s, signature, half, half);
    return signature;
  }

  /** {@code value} big-endian in {@code length} bytes, its low bytes where it is longer. */
  static void place(BigInteger value, byte[] into, int offset, int length) {
    byte[] bytes = value.toByteArray();
    int copied = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copied, into, offset + length - copied, copied);
  }
}
