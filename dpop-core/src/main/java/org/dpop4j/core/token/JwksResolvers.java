package org.dpop4j.core.token;

import java.net.URI;
import java.time.Duration;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Where a {@link JwtAccessTokenValidator} finds the authorization server's keys. */
final class JwksResolvers {

  private JwksResolvers() {}

  /**
   * The keys of an inline JWKS.
   *
   * @throws IllegalArgumentException unless {@code jwksJson} is a JSON Web Key Set
   */
  static VerificationKeyResolver inline(String jwksJson) {
    try {
      return new JwksVerificationKeyResolver(new JsonWebKeySet(jwksJson).getJsonWebKeys());
    } catch (JoseException e) {
      throw new IllegalArgumentException("the inline JWKS is not valid JSON Web Key Set", e);
    }
  }

  /**
   * The keys published at {@code jwksUri}, fetched again when a token names an unknown {@code
   * kid}, but not more often than {@code minimumRefreshInterval}.
   *
   * @throws IllegalArgumentException unless {@code jwksUri} is an absolute https URL, or http to a
   *     loopback address or with {@code allowInsecure}
   */
  static VerificationKeyResolver fetched(
      URI jwksUri,
      boolean allowInsecure,
      Duration httpTimeout,
      Duration cacheDuration,
      Duration minimumRefreshInterval) {
    LoopbackHost.requireSecure(
        jwksUri,
        allowInsecure,
        "jwksUri",
        "allowInsecureJwksUri",
        "whoever can alter the JWKS in transit can sign tokens");
    HttpsJwks httpsJwks = new HttpsJwks(jwksUri.toString());
    Get get = new Get();
    get.setConnectTimeout((int) httpTimeout.toMillis());
    get.setReadTimeout((int) httpTimeout.toMillis());
    httpsJwks.setSimpleHttpGet(get);
    httpsJwks.setDefaultCacheDuration(cacheDuration.getSeconds());
    httpsJwks.setRefreshReprieveThreshold(minimumRefreshInterval.toMillis());
    return new HttpsJwksVerificationKeyResolver(httpsJwks);
  }
}
