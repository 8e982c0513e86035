package org.dpop4j.core.internal;

import java.security.interfaces.EdECPublicKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key decoded once into BouncyCastle's point, for as long as the key is cached.
 * JDK 17's EdDSA costs about 550 µs per verification here, BouncyCastle's RFC 8032 code a fraction
 * of that, and a decoded point skips the point decompression on every use. BouncyCastle refuses
 * what the JDK refuses: {@code S} not below the group order, {@code R} or the key not a canonical
 * point encoding; small-order keys never get here ({@link KeyRules}). Only BouncyCastle's
 * lightweight API is used; no security provider is registered. Public only so that the
 * authorization server's token keys ({@code org.dpop4j.core.token}) verify the same way.
 */
public final class Ed25519Key {

  private static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  private final Ed25519.PublicPoint point;

  private Ed25519Key(Ed25519.PublicPoint point) {
    this.point = point;
  }

  /**
   * The key as BouncyCastle's point, or null when BouncyCastle's RFC 8032 decoding refuses it (it
   * then keeps the JDK's verdict, which the plain path gives).
   */
  public static Ed25519Key of(EdECPublicKey key) {
    byte[] encoded = KeyRules.ed25519Encoding(key.getPoint());
    Ed25519.PublicPoint point =
        encoded == null ? null : Ed25519.validatePublicKeyPartialExport(encoded, 0);
    return point == null ? null : new Ed25519Key(point);
  }

  /** The length of an Ed25519 signature, R and S. */
  public static int signatureLength() {
    return SIGNATURE_LENGTH;
  }

  /** Whether {@code signature}, of {@link #signatureLength()} bytes, signs {@code signingInput}. */
  public boolean verify(byte[] signingInput, byte[] signature) {
    return Ed25519.verify(signature, 0, point, signingInput, 0, signingInput.length);
  }
}
