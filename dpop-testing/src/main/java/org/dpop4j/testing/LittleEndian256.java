package org.dpop4j.testing;

import java.math.BigInteger;

/**
 * The 32-byte little-endian integers of RFC 8032 (an Ed25519 signature's R and S, a point's
 * encoding), for tests that build non-canonical and small-order encodings by hand.
 */
public final class LittleEndian256 {

  private LittleEndian256() {}

  /** The unsigned integer of the 32 bytes at {@code offset}, least significant first. */
  public static BigInteger read(byte[] bytes, int offset) {
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = bytes[offset + 31 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  /** Writes the low 256 bits of {@code value} into the 32 bytes at {@code offset}. */
  public static void write(BigInteger value, byte[] into, int offset) {
    for (int i = 0; i < 32; i++) {
      into[offset + i] = (byte) value.shiftRight(8 * i).intValue();
    }
  }
}
