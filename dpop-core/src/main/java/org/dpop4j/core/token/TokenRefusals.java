package org.dpop4j.core.token;

import java.io.IOException;
import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.KeyRules;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

/** How jose4j's verdicts on a JWT access token become {@link RefusalReason}s. */
final class TokenRefusals {

  private TokenRefusals() {}

  /** The most telling cause when jose4j reports several at once, unavailability first. */
  static RefusalReason reasonFor(InvalidJwtException e) {
    if (causedBy(e, IOException.class)) {
      return RefusalReason.TOKEN_VALIDATION_UNAVAILABLE;
    }
    if (causedBy(e, RefusedKeyException.class)) {
      return RefusalReason.TOKEN_INVALID;
    }
    if (causedBy(e, UnresolvableKeyException.class)) {
      return RefusalReason.TOKEN_UNKNOWN_KEY;
    }
    if (causedBy(e, InvalidAlgorithmException.class)) {
      return RefusalReason.TOKEN_ALG_NOT_ALLOWED;
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
      return RefusalReason.TOKEN_BAD_SIGNATURE;
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return RefusalReason.TOKEN_ISSUER_MISMATCH;
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return RefusalReason.TOKEN_AUDIENCE_MISMATCH;
    }
    if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
      return RefusalReason.TOKEN_EXPIRED;
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)
        || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
      return RefusalReason.TOKEN_NOT_YET_VALID;
    }
    if (e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
      return RefusalReason.TOKEN_MALFORMED;
    }
    return RefusalReason.TOKEN_INVALID;
  }

  /**
   * The keys {@code resolver} finds, refusing those {@link KeyRules} does not allow (such as an RSA
   * key with a huge exponent) before a signature is checked with them.
   */
  static VerificationKeyResolver allowedKeysOnly(VerificationKeyResolver resolver) {
    return (JsonWebSignature jws, List<JsonWebStructure> nestingContext) -> {
      Key key = resolver.resolveKey(jws, nestingContext);
      if (key instanceof PublicKey publicKey && KeyRules.refusalFor(publicKey).isPresent()) {
        throw new RefusedKeyException();
      }
      return key;
    };
  }

  /** A key the JWKS holds but {@link KeyRules} refuses: a bad key, not an unknown one. */
  private static final class RefusedKeyException extends UnresolvableKeyException {
    private static final long serialVersionUID = 1L;

    RefusedKeyException() {
      super("the token's signing key is not allowed");
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
