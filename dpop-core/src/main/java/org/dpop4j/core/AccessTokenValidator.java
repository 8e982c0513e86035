package org.dpop4j.core;

/**
 * Validates an access token presented to a resource server and tells what it is bound to. See
 * {@code org.dpop4j.core.token} for the JWT (JWKS) and RFC 7662 introspection implementations.
 */
public interface AccessTokenValidator {

  /**
   * @return the validated token; never null
   * @throws DpopException with the {@code TOKEN_*} {@link RefusalReason} of the failed check
   *     (such as {@link RefusalReason#TOKEN_AUDIENCE_MISMATCH} or {@link
   *     RefusalReason#TOKEN_EXPIRED}), or {@link RefusalReason#TOKEN_VALIDATION_UNAVAILABLE} when
   *     the authority that would vouch for the token cannot be reached
   */
  AccessToken validate(String accessToken) throws DpopException;
}
