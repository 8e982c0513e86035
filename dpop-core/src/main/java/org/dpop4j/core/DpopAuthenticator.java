package org.dpop4j.core;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.internal.HtuNormalizer;

/**
 * Authenticates a request to a protected resource (RFC 9449 §7): reads the {@code Authorization}
 * header, validates the access token, and verifies the proof against the token's hash and its
 * {@code cnf.jkt} binding. A DPoP-bound token sent with the {@code Bearer} scheme is refused, so a
 * stolen token is worthless without its private key. Thread-safe; adapters share one instance.
 */
public final class DpopAuthenticator {

  /** Longer than any real token; bounds the work done on an attacker's header. */
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final DpopVerifier verifier;
  private final AccessTokenValidator tokenValidator;

  private DpopAuthenticator(DpopVerifier verifier, AccessTokenValidator tokenValidator) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.tokenValidator = Objects.requireNonNull(tokenValidator, "tokenValidator");
  }

  public static DpopAuthenticator of(DpopVerifier verifier, AccessTokenValidator tokenValidator) {
    return new DpopAuthenticator(verifier, tokenValidator);
  }

  /**
   * @param method the request method, as received
   * @param targetUri the URI the client addressed (scheme, host and port as it saw them)
   * @param authorizationValues every {@code Authorization} header value received
   * @param dpopValues every {@code DPoP} header value received
   */
  public DpopAuthentication authenticate(
      String method, URI targetUri, List<String> authorizationValues, List<String> dpopValues)
      throws DpopException {
    long start = System.nanoTime();
    AccessToken accessToken;
    String token;
    try {
      token = credentials(authorizationValues);
      accessToken = tokenValidator.validate(token);
    } catch (DpopException refusal) {
      verifier.observeRefusal(refusal.reason(), start);
      throw refusal;
    }
    Optional<String> jkt = accessToken.boundThumbprint();
    if (jkt.isEmpty()) {
      verifier.observeRefusal(RefusalReason.TOKEN_NOT_BOUND, start);
      throw new DpopException(RefusalReason.TOKEN_NOT_BOUND);
    }
    VerifiedProof proof =
        verifier.verify(
            DpopRequest.toResourceServer(method, targetUri, dpopValues, token, jkt.get()));
    return new DpopAuthentication(accessToken, proof);
  }

  /** The access token of the single {@code DPoP} credentials header. */
  private String credentials(List<String> authorizationValues) throws DpopException {
    if (authorizationValues.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_CREDENTIALS);
    }
    if (authorizationValues.size() > 1) {
      throw new DpopException(RefusalReason.MULTIPLE_AUTHORIZATION_HEADERS);
    }
    String authorization = authorizationValues.get(0).strip();
    int space = authorization.indexOf(' ');
    String rawScheme = space < 0 ? authorization : authorization.substring(0, space);
    if (!isToken(rawScheme)) {
      throw new DpopException(RefusalReason.MALFORMED_AUTHORIZATION);
    }
    String scheme = rawScheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("dpop") && !scheme.equals("bearer")) {
      // RFC 7235 allows auth-params or nothing after other schemes (Digest, Negotiate): whatever
      // follows, the client used a method this server does not accept.
      throw new DpopException(RefusalReason.UNSUPPORTED_AUTHORIZATION_SCHEME);
    }
    String token = space < 0 ? "" : authorization.substring(space + 1).strip();
    if (!isToken68(token)) {
      throw new DpopException(RefusalReason.MALFORMED_AUTHORIZATION);
    }
    if (scheme.equals("dpop")) {
      return token;
    }
    boolean bound = tokenValidator.validate(token).boundThumbprint().isPresent();
    throw new DpopException(
        bound ? RefusalReason.BOUND_TOKEN_AS_BEARER : RefusalReason.UNSUPPORTED_AUTHORIZATION_SCHEME);
  }

  public DpopVerifier verifier() {
    return verifier;
  }

  /** RFC 7235 token68: the characters an access token may use in a credentials header. */
  private static boolean isToken68(String token) {
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    int i = 0;
    while (i < token.length() && isToken68Char(token.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < token.length() && token.charAt(i) == '=') {
      i++;
    }
    return i == token.length();
  }

  /** RFC 7230 token: an auth-scheme. */
  private static boolean isToken(String scheme) {
    if (scheme.isEmpty()) {
      return false;
    }
    for (int i = 0; i < scheme.length(); i++) {
      char c = scheme.charAt(i);
      boolean tchar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  private static boolean isToken68Char(char c) {
    return HtuNormalizer.isUnreserved(c) || c == '+' || c == '/';
  }
}
