package org.dpop4j.core.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.dpop4j.core.JwsAlgorithm;

/**
 * An ECDSA public key held as one BouncyCastle point for as long as the key is cached.
 * BouncyCastle stores a point's WNAF precomputation on the point object itself, so every
 * verification after the first reuses this key's own table instead of rebuilding it, which is
 * where repeat-key verification gets its speed. Only BouncyCastle's lightweight API is used; no
 * security provider is registered. Public only so that the authorization server's token keys
 * ({@code org.dpop4j.core.token}) verify the same way as proof keys.
 */
public final class PrecomputedEcdsaKey {

  /** The fast (custom) curve implementations, keyed by JWK {@code crv}. */
  private static final Map<String, ECDomainParameters> CURVES =
      Map.of("P-256", domain("P-256"), "P-384", domain("P-384"), "P-521", domain("P-521"));

  private final ECPublicKeyParameters publicKey;
  private final int signatureLength;

  private PrecomputedEcdsaKey(ECPublicKeyParameters publicKey, int coordinateLength) {
    this.publicKey = publicKey;
    this.signatureLength = 2 * coordinateLength;
  }

  /**
   * The key as a BouncyCastle point on {@code curveName}, which BouncyCastle validates once more.
   * The point must live on the very curve object the signer uses, or BouncyCastle would import it
   * into a fresh point on every verification and lose the table.
   */
  public static PrecomputedEcdsaKey of(String curveName, ECPublicKey key) {
    ECDomainParameters domain = CURVES.get(curveName);
    if (domain == null) {
      throw new IllegalArgumentException("not a JOSE ECDSA curve: " + curveName);
    }
    ECPoint point = domain.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
    int coordinateLength = (domain.getCurve().getFieldSize() + 7) / 8;
    return new PrecomputedEcdsaKey(new ECPublicKeyParameters(point, domain), coordinateLength);
  }

  /** The length of a JOSE signature for this curve: R and S, each as long as a coordinate. */
  public int signatureLength() {
    return signatureLength;
  }

  /**
   * Whether {@code signature}, R||S of {@link #signatureLength()} bytes, signs {@code
   * signingInput}. BouncyCastle refuses R and S outside [1, n-1], as the JDK does.
   */
  public boolean verify(byte[] signingInput, byte[] signature, JwsAlgorithm algorithm) {
    int half = signature.length / 2;
    BigInteger r = new BigInteger(1, signature, 0, half);
    BigInteger s = new BigInteger(1, signature, half, half);
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, publicKey);
    return signer.verifySignature(digest(signingInput, algorithm), r, s);
  }

  private static byte[] digest(byte[] input, JwsAlgorithm algorithm) {
    String digestName =
        switch (algorithm) {
          case ES256 -> "SHA-256";
          case ES384 -> "SHA-384";
          case ES512 -> "SHA-512";
          default -> throw new IllegalArgumentException(algorithm + " is not ECDSA");
        };
    try {
      return MessageDigest.getInstance(digestName).digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(digestName + " is required of every JDK", e);
    }
  }

  private static ECDomainParameters domain(String curveName) {
    X9ECParameters curve = CustomNamedCurves.getByName(curveName);
    return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }
}
