package org.dpop4j.core;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.dpop4j.core.internal.Digests;

/**
 * Checks the {@code dpop_jkt} authorization request parameter (RFC 9449 §10) at an authorization
 * server's authorization or pushed authorization request endpoint, before the server stores it
 * with the code it will issue (see {@link AuthorizationCodeBinding}). A well-formed value is a
 * SHA-256 JWK thumbprint (RFC 7638) in unpadded base64url: exactly 43 characters of the base64url
 * alphabet, in the one canonical encoding of its 32 bytes, the form {@link
 * VerifiedProof#thumbprint()} takes. Anything else could never match a proof's key, so it is
 * refused at once instead of producing a code nobody can redeem.
 */
public final class DpopJkt {

  /** The parameter's name. */
  public static final String PARAMETER = "dpop_jkt";

  private static final int SHA256_BYTES = 32;
  private static final int ENCODED_LENGTH = 43;

  private DpopJkt() {}

  /**
   * The authorization request's {@code dpop_jkt}, checked.
   *
   * @param values every value of the {@code dpop_jkt} parameter the request carried
   * @return the thumbprint to store with the code; empty when the request carried none
   * @throws DpopException with {@link RefusalReason#REPEATED_PARAMETER} for more than one value,
   *     or {@link RefusalReason#MALFORMED_DPOP_JKT}; its {@link DpopException#error()} ({@code
   *     invalid_request}) and {@link RefusalReason#description()} are the error to redirect with
   *     (RFC 6749 §4.1.2.1)
   */
  public static Optional<String> fromAuthorizationRequest(List<String> values)
      throws DpopException {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new DpopException(RefusalReason.REPEATED_PARAMETER);
    }
    String value = values.get(0);
    if (!isWellFormed(value)) {
      throw new DpopException(RefusalReason.MALFORMED_DPOP_JKT);
    }
    return Optional.of(value);
  }

  /** Whether {@code value} is a canonical, unpadded base64url encoding of 32 bytes. */
  public static boolean isWellFormed(String value) {
    if (value == null || value.length() != ENCODED_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_';
      if (!base64url) {
        return false;
      }
    }
    byte[] decoded = Base64.getUrlDecoder().decode(value);
    // The last character carries two spare bits; only the encoding with them zero is canonical.
    return decoded.length == SHA256_BYTES
        && Digests.base64Url(decoded).equals(value);
  }
}
