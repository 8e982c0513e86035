package org.dpop4j.core.config;

import static org.dpop4j.core.config.DpopSettings.ALLOW_INSECURE_INTROSPECTION_URI;
import static org.dpop4j.core.config.DpopSettings.ALLOW_INSECURE_JWKS_URI;
import static org.dpop4j.core.config.DpopSettings.AUDIENCE;
import static org.dpop4j.core.config.DpopSettings.INTROSPECTION_CLIENT_ID;
import static org.dpop4j.core.config.DpopSettings.INTROSPECTION_CLIENT_SECRET;
import static org.dpop4j.core.config.DpopSettings.INTROSPECTION_URI;
import static org.dpop4j.core.config.DpopSettings.ISSUER;
import static org.dpop4j.core.config.DpopSettings.JWKS;
import static org.dpop4j.core.config.DpopSettings.JWKS_URI;
import static org.dpop4j.core.config.DpopSettings.TOKEN_ALGORITHMS;
import static org.dpop4j.core.config.DpopSettings.TOKEN_CACHE_MAX_SECONDS;
import static org.dpop4j.core.config.DpopSettings.TOKEN_CACHE_SIZE;
import static org.dpop4j.core.config.DpopSettings.TOKEN_TYPES;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.token.IntrospectionAccessTokenValidator;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.core.token.ValidatedTokenCache;

/** Reads the {@code dpop.token.*} settings of a resource server into its token validator. */
final class TokenSettings {

  private final SettingValues settings;
  private final DpopObserver observer;

  TokenSettings(SettingValues settings, DpopObserver observer) {
    this.settings = settings;
    this.observer = observer;
  }

  AccessTokenValidator validator() {
    boolean jwksUri = settings.isSet(JWKS_URI);
    boolean jwks = settings.isSet(JWKS);
    boolean introspection = settings.isSet(INTROSPECTION_URI);
    if ((jwksUri ? 1 : 0) + (jwks ? 1 : 0) + (introspection ? 1 : 0) != 1) {
      throw new IllegalArgumentException(
          "exactly one of " + JWKS_URI + ", " + JWKS + " and " + INTROSPECTION_URI
              + " is required in resource-server mode");
    }
    return introspection ? introspectionValidator() : jwtValidator(jwksUri);
  }

  private AccessTokenValidator introspectionValidator() {
    for (String jwtSetting :
        List.of(ISSUER, TOKEN_TYPES, TOKEN_ALGORITHMS, ALLOW_INSECURE_JWKS_URI)) {
      if (settings.isSet(jwtSetting)) {
        throw new IllegalArgumentException(
            jwtSetting + " applies to JWT access tokens, not to " + INTROSPECTION_URI);
      }
    }
    IntrospectionAccessTokenValidator.Builder introspection =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(
                settings.httpUri(INTROSPECTION_URI),
                settings.required(INTROSPECTION_CLIENT_ID, "with " + INTROSPECTION_URI),
                secret(INTROSPECTION_CLIENT_SECRET))
            .maxCacheDuration(cacheMaxDuration())
            .maxCacheEntries(cacheSize())
            .allowInsecureEndpoint(settings.bool(ALLOW_INSECURE_INTROSPECTION_URI))
            .observer(observer);
    if (settings.isSet(AUDIENCE)) {
      introspection.audiences(settings.words(AUDIENCE, false));
    }
    try {
      return introspection.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(INTROSPECTION_URI + ": " + e.getMessage(), e);
    }
  }

  private String secret(String name) {
    settings.required(name, "with " + INTROSPECTION_URI);
    return settings.secret(name);
  }

  private AccessTokenValidator jwtValidator(boolean jwksUri) {
    if (settings.isSet(ALLOW_INSECURE_INTROSPECTION_URI)) {
      throw new IllegalArgumentException(
          ALLOW_INSECURE_INTROSPECTION_URI + " applies with " + INTROSPECTION_URI);
    }
    settings.required(AUDIENCE, "for JWT access tokens");
    JwtAccessTokenValidator.Builder jwt =
        JwtAccessTokenValidator.builder()
            .issuer(settings.required(ISSUER, "for JWT access tokens"))
            .audiences(settings.words(AUDIENCE, false));
    try {
      if (settings.isSet(TOKEN_TYPES)) {
        jwt.tokenTypes(settings.words(TOKEN_TYPES, true));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TOKEN_TYPES + ": " + e.getMessage(), e);
    }
    try {
      if (settings.isSet(TOKEN_ALGORITHMS)) {
        jwt.algorithms(tokenAlgorithms(settings.words(TOKEN_ALGORITHMS, true)));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TOKEN_ALGORITHMS + ": " + e.getMessage(), e);
    }
    if (jwksUri) {
      jwt.jwksUri(settings.httpUri(JWKS_URI))
          .allowInsecureJwksUri(settings.bool(ALLOW_INSECURE_JWKS_URI));
    } else {
      if (settings.isSet(ALLOW_INSECURE_JWKS_URI)) {
        throw new IllegalArgumentException(ALLOW_INSECURE_JWKS_URI + " applies with " + JWKS_URI);
      }
      jwt.jwks(settings.required(JWKS, "here"));
    }
    try {
      return ValidatedTokenCache.builder()
          .maximumEntries(cacheSize())
          .maximumDuration(cacheMaxDuration())
          .observer(observer)
          .build()
          .cachingValidator(jwt.build());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (jwksUri ? JWKS_URI : JWKS) + ": " + e.getMessage(), e);
    }
  }

  /** The algorithms of {@code names}; none and HMAC have no {@link JwsAlgorithm}. */
  private static List<JwsAlgorithm> tokenAlgorithms(List<String> names) {
    List<JwsAlgorithm> algorithms = new ArrayList<>();
    for (String name : names) {
      algorithms.add(
          JwsAlgorithm.fromJoseName(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'" + name + "' is not an asymmetric JWS algorithm (none and HMAC are"
                              + " never accepted)")));
    }
    return algorithms;
  }

  private int cacheSize() {
    return settings.integer(TOKEN_CACHE_SIZE, 10_000, 1, 10_000_000);
  }

  /** One setting for JWT validations and introspection answers alike; zero caches nothing. */
  private Duration cacheMaxDuration() {
    return settings.seconds(TOKEN_CACHE_MAX_SECONDS, 300, 0, 86_400);
  }
}
