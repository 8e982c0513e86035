package org.dpop4j.bench;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.dpop4j.testing.TestTokens;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;

/**
 * An authorization server signing RFC 9068 access tokens with ES256 (P-256) or RS256 (RSA 2048),
 * for {@code TestTokens}' issuer and audience; the core test kit signs RS256 only.
 */
final class BenchTokens {

  private final PublicJsonWebKey signingKey;
  private final String algorithm;

  private BenchTokens(PublicJsonWebKey signingKey, String algorithm) {
    this.signingKey = signingKey;
    this.algorithm = algorithm;
  }

  static BenchTokens generate(String algorithm) {
    try {
      PublicJsonWebKey key =
          switch (algorithm) {
            case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            case "RS256" -> RsaJwkGenerator.generateJwk(2048);
            default -> throw new IllegalArgumentException("no token algorithm " + algorithm);
          };
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm(algorithm);
      return new BenchTokens(key, algorithm);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String jwksJson() {
    return new JsonWebKeySet(signingKey).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** A token bound to {@code jkt}, valid for an hour, each one different (its own jti). */
  String boundToken(String jkt) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(TestTokens.ISSUER);
    claims.setAudience(TestTokens.AUDIENCE);
    claims.setSubject("bench");
    claims.setJwtId(UUID.randomUUID().toString());
    long now = Instant.now().getEpochSecond();
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
    claims.setClaim("scope", "read");
    claims.setClaim("cnf", Map.of("jkt", jkt));
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(signingKey.getPrivateKey());
      jws.setKeyIdHeaderValue(signingKey.getKeyId());
      jws.setHeader("typ", "at+jwt");
      jws.setAlgorithmHeaderValue(
          algorithm.equals("ES256")
              ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
              : AlgorithmIdentifiers.RSA_USING_SHA256);
      return jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
