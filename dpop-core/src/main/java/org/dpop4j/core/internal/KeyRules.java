package org.dpop4j.core.internal;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.EdECPoint;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.dpop4j.core.RefusalReason;

/**
 * Rules a public key must meet before anything is verified with it, shared by proof keys ({@link
 * org.dpop4j.core.DpopVerifier}) and the authorization server's token-signing keys ({@link
 * org.dpop4j.core.token.JwtAccessTokenValidator}).
 */
public final class KeyRules {

  // FIPS 186-5 §5.4 (a): 2^16 < e < 2^256, e odd.
  private static final BigInteger MIN_RSA_EXPONENT_EXCLUSIVE = BigInteger.ONE.shiftLeft(16);
  private static final int MAX_RSA_EXPONENT_BITS = 256;

  private KeyRules() {}

  /**
   * Whether {@code exponent} is an RSA public exponent FIPS 186-5 allows: odd, and 2^16 &lt; e &lt;
   * 2^256. The verification cost of RSA grows with the exponent's length, so an unbounded one lets
   * a single request cost tens of milliseconds; checking takes nanoseconds.
   */
  public static boolean isAllowedRsaExponent(BigInteger exponent) {
    return exponent.testBit(0)
        && exponent.compareTo(MIN_RSA_EXPONENT_EXCLUSIVE) > 0
        && exponent.bitLength() <= MAX_RSA_EXPONENT_BITS;
  }

  /**
   * Why {@code key} must not verify anything, or empty when these rules allow it: an RSA key needs
   * an {@linkplain #isAllowedRsaExponent allowed exponent}, an Ed25519 key must not be one of the
   * eight points of small order, in any encoding (with the identity as key, {@code R} = identity
   * and {@code S} = 0 verify for every message). Other key types are not judged here.
   */
  public static Optional<RefusalReason> refusalFor(PublicKey key) {
    if (key instanceof RSAPublicKey rsa && !isAllowedRsaExponent(rsa.getPublicExponent())) {
      return Optional.of(RefusalReason.RSA_EXPONENT_NOT_ALLOWED);
    }
    if (key instanceof EdECPublicKey edKey
        && Ed25519SignatureAlgorithm.NAME.equals(edKey.getParams().getName())
        && !isAllowedEd25519Point(edKey.getPoint())) {
      return Optional.of(RefusalReason.WEAK_KEY);
    }
    return Optional.empty();
  }

  /**
   * BouncyCastle's partial validation (RFC 8032 §5.1.3 decoding) refuses non-canonical encodings,
   * points off the curve and every small-order point, without the scalar multiplication a full
   * subgroup check costs: a key with a small-order component added still needs its private key.
   */
  private static boolean isAllowedEd25519Point(EdECPoint point) {
    byte[] encoded = ed25519Encoding(point);
    return encoded != null && Ed25519.validatePublicKeyPartial(encoded, 0);
  }

  /** The RFC 8032 encoding of {@code point}, or null when its y does not fit 255 bits. */
  static byte[] ed25519Encoding(EdECPoint point) {
    BigInteger y = point.getY();
    if (y.signum() < 0 || y.bitLength() > 255) {
      return null;
    }
    byte[] bigEndian = y.toByteArray();
    byte[] encoded = new byte[Ed25519.PUBLIC_KEY_SIZE];
    for (int i = 0; i < bigEndian.length && i < encoded.length; i++) {
      encoded[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      encoded[encoded.length - 1] |= (byte) 0x80;
    }
    return encoded;
  }
}
