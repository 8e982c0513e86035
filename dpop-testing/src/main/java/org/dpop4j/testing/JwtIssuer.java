package org.dpop4j.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;

/**
 * An authorization server as real ones differ: any signing algorithm and {@code typ}, so that
 * tests can show which of them a resource server accepts and why it refuses the others.
 */
public final class JwtIssuer {

  private final PublicJsonWebKey key;
  private final String algorithm;

  private JwtIssuer(PublicJsonWebKey key, String algorithm) {
    this.key = key;
    this.algorithm = algorithm;
    key.setKeyId(UUID.randomUUID().toString());
  }

  /** An issuer signing with {@code algorithm}: RS*, PS*, ES256/384/512 or EdDSA. */
  public static JwtIssuer signingWith(String algorithm) {
    try {
      PublicJsonWebKey key =
          switch (algorithm) {
            case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
            case "ES512" -> EcJwkGenerator.generateJwk(EllipticCurves.P521);
            case "EdDSA" -> ed25519();
            default -> RsaJwkGenerator.generateJwk(2048);
          };
      return new JwtIssuer(key, algorithm);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PublicJsonWebKey ed25519() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk(keys.getPublic());
    key.setPrivateKey(keys.getPrivate());
    return key;
  }

  /** The {@code kid} of the signing key, as the JWKS publishes it. */
  public String keyId() {
    return key.getKeyId();
  }

  /** The public JWKS. */
  public String jwksJson() {
    return new JsonWebKeySet(key).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** Claims of a token for {@code subject} bound to {@code jkt}, valid for five minutes from now. */
  public static JwtClaims claims(String issuer, String audience, String subject, String jkt) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(subject);
    claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().getEpochSecond() + 300));
    claims.setClaim("cnf", Map.of("jkt", jkt));
    return claims;
  }

  /** {@code claims} signed with this issuer's key and algorithm under {@code typ} (none if null). */
  public String sign(JwtClaims claims, String typ) {
    return sign(claims, typ, algorithm, key.getKeyId());
  }

  /** As {@link #sign(JwtClaims, String)}, naming another key id in the header. */
  public String sign(JwtClaims claims, String typ, String algorithm, String keyId) {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(keyId);
      if (typ != null) {
        jws.setHeader("typ", typ);
      }
      jws.setAlgorithmHeaderValue(algorithm);
      return jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
