package org.dpop4j.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 and unpadded base64url, the one digest of DPoP (RFC 9449 §4.2 {@code ath}, RFC 7638
 * thumbprints) and of every key dpop4j derives from a token or proof.
 */
public final class Digests {

  // The same text as jose4j's Base64Url.encode, so replay keys are those earlier versions stored.
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Digests() {}

  /** The SHA-256 of {@code input}. */
  public static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The SHA-256 of {@code text} in UTF-8, base64url without padding. */
  public static String sha256Base64Url(String text) {
    return base64Url(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The {@code ath} of {@code accessToken}: base64url(SHA-256(ASCII(token))), RFC 9449 §4.2. What
   * the verifier expects and what dpop-jca's proofs carry, so both hash the same bytes (a token
   * is ASCII by RFC 6750's grammar; anything else becomes {@code ?} on both sides).
   */
  public static String ath(String accessToken) {
    return base64Url(sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
  }

  /** {@code bytes} in base64url without padding (RFC 7515 §2). */
  public static String base64Url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /** Whether two texts are equal, in a time that does not depend on where they differ. */
  public static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
