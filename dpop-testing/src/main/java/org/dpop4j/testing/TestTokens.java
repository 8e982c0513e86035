package org.dpop4j.testing;

import java.time.Instant;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** A test authorization server's signing key: issues JWT access tokens and publishes a JWKS. */
public final class TestTokens {

  public static final String ISSUER = "https://as.example.test";
  public static final String AUDIENCE = "https://api.example.test";

  private final PublicJsonWebKey signingKey;

  private TestTokens(PublicJsonWebKey signingKey) {
    this.signingKey = signingKey;
  }

  public static TestTokens generate() {
    try {
      PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      return new TestTokens(key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An authorization server signing RS256 with an existing RSA key pair. */
  public static TestTokens of(java.security.KeyPair rsaKeyPair) {
    try {
      PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk(rsaKeyPair.getPublic());
      key.setPrivateKey(rsaKeyPair.getPrivate());
      key.setKeyId(UUID.randomUUID().toString());
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      return new TestTokens(key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWKS a resource server validates tokens with. */
  public String jwksJson() {
    return new JsonWebKeySet(signingKey).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** A token for {@code subject} bound to {@code jkt}, valid for five minutes. */
  public String boundToken(String subject, String jkt, String scope) {
    JwtClaims claims = baseClaims(subject, scope);
    claims.setClaim("cnf", java.util.Map.of("jkt", jkt));
    return sign(claims);
  }

  /** A token for {@code subject} without a key binding. */
  public String unboundToken(String subject, String scope) {
    return sign(baseClaims(subject, scope));
  }

  /** Signs arbitrary claims with the server's key, as an {@code at+jwt}. */
  public String sign(JwtClaims claims) {
    return sign(claims, "at+jwt");
  }

  /** Signs arbitrary claims with the server's key under another {@code typ}, e.g. an ID token. */
  public String sign(JwtClaims claims, String typ) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(signingKey.getPrivateKey());
      jws.setKeyIdHeaderValue(signingKey.getKeyId());
      jws.setHeader("typ", typ);
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      return jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JwtClaims baseClaims(String subject, String scope) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setAudience(AUDIENCE);
    claims.setSubject(subject);
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().getEpochSecond() + 300));
    claims.setClaim("scope", scope);
    return claims;
  }
}
