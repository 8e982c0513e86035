package org.dpop4j.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwa.CryptoPrimitive;
import org.jose4j.jws.JsonWebSignatureAlgorithm;

/**
 * Builds DPoP proofs for tests, valid by default and easy to break one field at a time: the header
 * and claims are signed exactly as set, so tests can produce deliberately bad proofs.
 */
public final class TestProof {

  private final TestKey key;
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();
  private PrivateKey signingKey;

  TestProof(TestKey key, String htm, String htu) {
    this.key = key;
    this.signingKey = key.keyPair().getPrivate();
    header.put("typ", "dpop+jwt");
    header.put("alg", key.algorithm());
    header.put("jwk", key.publicJwkMembers());
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("htm", htm);
    claims.put("htu", htu);
    claims.put("iat", Instant.now().getEpochSecond());
  }

  public TestProof issuedAt(Instant iat) {
    claims.put("iat", iat.getEpochSecond());
    return this;
  }

  public TestProof jti(String jti) {
    claims.put("jti", jti);
    return this;
  }

  /** Adds {@code ath} for {@code accessToken}. */
  public TestProof accessToken(String accessToken) {
    claims.put("ath", ath(accessToken));
    return this;
  }

  public TestProof nonce(String nonce) {
    claims.put("nonce", nonce);
    return this;
  }

  /** Sets (or, with null, removes) a claim. */
  public TestProof claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Sets (or, with null, removes) a header parameter. */
  public TestProof header(String name, Object value) {
    if (value == null) {
      header.remove(name);
    } else {
      header.put(name, value);
    }
    return this;
  }

  /** Signs with another private key than the one in {@code jwk}. */
  public TestProof signedBy(PrivateKey other) {
    this.signingKey = other;
    return this;
  }

  /** The compact serialization, signed with the key's algorithm whatever the header says. */
  public String sign() {
    return sign(signingInput());
  }

  /**
   * This proof's header with {@code claims} as the payload, byte for byte: invalid JSON, duplicate
   * members or invalid UTF-8 stay as they are, and the signature is valid.
   */
  public String signWithRawClaims(byte[] claims) {
    return sign(Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(header)) + "."
        + Base64Url.encode(claims));
  }

  /** As {@link #signWithRawClaims}, with the JOSE header given byte for byte instead. */
  public String signWithRawHeader(byte[] joseHeader) {
    return sign(Base64Url.encode(joseHeader) + "."
        + Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(claims)));
  }

  private String sign(String signingInput) {
    if (key.isMlDsa()) {
      return signWithProvider(signingInput, key.algorithm(), TestKey.BOUNCY_CASTLE);
    }
    if (key.keyType().equals("OKP")) {
      // "EdDSA" and "Ed25519" name the same signature; the JDK's, as jose4j may not know "Ed25519"
      return signWithProvider(signingInput, "Ed25519", null);
    }
    try {
      JsonWebSignatureAlgorithm algorithm =
          AlgorithmFactoryFactory.getInstance()
              .getJwsAlgorithmFactory()
              .getAlgorithm(key.algorithm());
      CryptoPrimitive primitive = algorithm.prepareForSign(signingKey, new ProviderContext());
      byte[] signature = algorithm.sign(primitive, signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Url.encode(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs with the JCA {@code algorithm} of {@code provider} (the JDK's if null). For ML-DSA:
   * pure ML-DSA with the empty context (RFC 9964 §5), BouncyCastle's provider's default.
   */
  private String signWithProvider(String signingInput, String algorithm, Provider provider) {
    try {
      Signature signer =
          provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
      signer.initSign(signingKey);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Url.encode(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The compact serialization with an HMAC-SHA256 signature under {@code secret}. */
  public String signWithHmac(byte[] secret) {
    try {
      String signingInput = signingInput();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "."
          + Base64Url.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String signingInput() {
    return Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(header))
        + "."
        + Base64Url.encodeUtf8ByteRepresentation(JsonUtil.toJson(claims));
  }

  /** base64url(SHA-256(token)), the {@code ath} of RFC 9449 §4.2. */
  public static String ath(String accessToken) {
    return TestKey.sha256Base64Url(accessToken.getBytes(StandardCharsets.US_ASCII));
  }
}
