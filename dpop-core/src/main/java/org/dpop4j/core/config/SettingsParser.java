package org.dpop4j.core.config;

import static org.dpop4j.core.config.DpopSettings.ALGORITHMS;
import static org.dpop4j.core.config.DpopSettings.AUTHORIZATION_CODE_BINDING;
import static org.dpop4j.core.config.DpopSettings.CLOCK_SKEW_SECONDS;
import static org.dpop4j.core.config.DpopSettings.MAX_AGE_SECONDS;
import static org.dpop4j.core.config.DpopSettings.MODE;
import static org.dpop4j.core.config.DpopSettings.NONCE;
import static org.dpop4j.core.config.DpopSettings.NONCE_ROTATION_SECONDS;
import static org.dpop4j.core.config.DpopSettings.NONCE_SECRET;
import static org.dpop4j.core.config.DpopSettings.OBSERVER;
import static org.dpop4j.core.config.DpopSettings.PUBLIC_BASE_URI;
import static org.dpop4j.core.config.DpopSettings.REPLAY_CACHE;
import static org.dpop4j.core.config.DpopSettings.REPLAY_CACHE_SIZE;
import static org.dpop4j.core.config.DpopSettings.RESOURCE_SERVER_ONLY;
import static org.dpop4j.core.config.DpopSettings.ROLES_CLAIM;
import static org.dpop4j.core.config.DpopSettings.TRUSTED_PROXIES;
import static org.dpop4j.core.config.DpopSettings.TRUSTED_PROXY_HEADER;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.http.DpopProtection;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.RoleMapping;
import org.dpop4j.core.http.TargetUriResolver;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.http.TrustedProxyHeader;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;

/**
 * Turns checked {@code dpop.*} settings into a protection, in dependency order. What it opens (a
 * replay cache that holds connections, the introspection validator's HTTP client) is handed to
 * the caller to own, and closed here again if a later setting fails.
 */
final class SettingsParser {

  private static final int MAX_PROOF_WINDOW_SECONDS = 3600;
  private static final int MIN_NONCE_KEY_BYTES = 32;

  private final SettingValues settings;
  private final ReplayCacheFactory replayCacheFactory;
  private final DpopObserver observer;
  private final List<AutoCloseable> opened = new ArrayList<>();

  /**
   * @param replayCacheFactory the factory {@code dpop.replay-cache} names, or {@code null} for the
   *     in-memory cache
   */
  SettingsParser(
      SettingValues settings, ReplayCacheFactory replayCacheFactory, DpopObserver observer) {
    this.settings = settings;
    this.replayCacheFactory = replayCacheFactory;
    this.observer = observer;
  }

  /** What {@link #protection()} opened, in order, for its owner to close. */
  List<AutoCloseable> opened() {
    return List.copyOf(opened);
  }

  DpopProtection protection() {
    try {
      return parse();
    } catch (RuntimeException e) {
      opened.forEach(DpopSettings::closeQuietly);
      opened.clear();
      throw e;
    }
  }

  private void own(Object created) {
    if (created instanceof AutoCloseable closeable) {
      opened.add(closeable);
    }
  }

  private DpopProtection parse() {
    boolean tokenEndpoint = tokenEndpointMode();
    if (tokenEndpoint) {
      for (String tokenSetting : RESOURCE_SERVER_ONLY) {
        if (settings.isSet(tokenSetting)) {
          throw new IllegalArgumentException(
              tokenSetting + " applies to " + MODE + "=resource-server only");
        }
      }
    } else if (settings.isSet(AUTHORIZATION_CODE_BINDING)) {
      throw new IllegalArgumentException(
          AUTHORIZATION_CODE_BINDING + " applies to " + MODE + "=token-endpoint only");
    }
    DpopVerifier verifier = verifier();
    if (tokenEndpoint) {
      TokenEndpointProtection.Builder protection =
          TokenEndpointProtection.builder(verifier).targetUriResolver(targetUriResolver());
      settings
          .text(AUTHORIZATION_CODE_BINDING)
          .ifPresent(
              binding ->
                  protection.authorizationCodeBinding(
                      Plugins.instantiate(
                          AUTHORIZATION_CODE_BINDING,
                          binding,
                          AuthorizationCodeBinding.class,
                          AUTHORIZATION_CODE_BINDING + ": no class named '" + binding + "'")));
      return protection.build();
    }
    AccessTokenValidator tokens = new TokenSettings(settings, observer).validator();
    own(tokens);
    DpopAuthenticator authenticator = DpopAuthenticator.of(verifier, tokens);
    return ResourceServerProtection.builder(authenticator)
        .targetUriResolver(targetUriResolver())
        .roleMapping(
            settings.text(ROLES_CLAIM).map(RoleMapping::fromClaim).orElse(RoleMapping.fromScopes()))
        .build();
  }

  private boolean tokenEndpointMode() {
    String mode = settings.text(MODE, "resource-server");
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "resource-server":
        return false;
      case "token-endpoint":
        return true;
      default:
        throw new IllegalArgumentException(
            MODE + " must be resource-server or token-endpoint, not '" + mode + "'");
    }
  }

  private DpopVerifier verifier() {
    DpopVerifier.Builder verifier =
        DpopVerifier.builder().allowedAlgorithms(algorithms()).observer(observer);
    // The replay store remembers a proof for max-age + skew, at most one hour (DpopVerifier),
    // so the range of max-age is what the skew leaves of that hour.
    Duration skew = settings.seconds(CLOCK_SKEW_SECONDS, 10, 0, 600);
    Duration maxAge =
        settings.seconds(
            MAX_AGE_SECONDS, 60, 1, MAX_PROOF_WINDOW_SECONDS - (int) skew.toSeconds());
    verifier.proofLifetime(maxAge, skew);
    if (settings.bool(NONCE)) {
      verifier.requireNonce(nonceService());
    } else if (settings.isSet(NONCE_SECRET)) {
      throw new IllegalArgumentException(NONCE_SECRET + " is set but " + NONCE + " is not true");
    }
    ReplayCache replayCache = createReplayCache();
    own(replayCache);
    return verifier.replayCache(replayCache).build();
  }

  private Set<JwsAlgorithm> algorithms() {
    if (!settings.isSet(ALGORITHMS)) {
      return JwsAlgorithm.allowedByDefault();
    }
    Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
    for (String name : settings.words(ALGORITHMS, true)) {
      algorithms.add(
          JwsAlgorithm.fromJoseName(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          ALGORITHMS + ": '" + name + "' is not an asymmetric JWS algorithm;"
                              + " allowed: " + joseNames())));
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException(ALGORITHMS + " names no algorithm");
    }
    return algorithms;
  }

  private static List<String> joseNames() {
    List<String> names = new ArrayList<>();
    for (JwsAlgorithm algorithm : JwsAlgorithm.values()) {
      names.add(algorithm.joseName());
    }
    return names;
  }

  private NonceService nonceService() {
    settings.required(NONCE_SECRET, "when " + NONCE + " is true");
    String encoded = settings.secret(NONCE_SECRET);
    byte[] key;
    try {
      String standardAlphabet = encoded.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
      key = Base64.getDecoder().decode(standardAlphabet);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NONCE_SECRET + ": the secret is not base64");
    }
    if (key.length < MIN_NONCE_KEY_BYTES) {
      throw new IllegalArgumentException(
          NONCE_SECRET + ": the secret must decode to at least " + MIN_NONCE_KEY_BYTES
              + " bytes");
    }
    return NonceService.builder(new SecretKeySpec(key, "HmacSHA256"))
        .rotationPeriod(settings.seconds(NONCE_ROTATION_SECONDS, 300, 1, 86_400))
        .build();
  }

  private ReplayCache createReplayCache() {
    if (replayCacheFactory == null) {
      return InMemoryReplayCache.withMaximumSize(
          settings.integer(REPLAY_CACHE_SIZE, 100_000, 1, 100_000_000));
    }
    if (settings.isSet(REPLAY_CACHE_SIZE)) {
      throw new IllegalArgumentException(
          REPLAY_CACHE_SIZE + " applies to " + REPLAY_CACHE + "=memory only");
    }
    ReplayCache cache = replayCacheFactory.create(settings);
    if (cache == null) {
      throw new IllegalArgumentException(
          REPLAY_CACHE + ": " + replayCacheFactory.getClass().getName() + " created no cache");
    }
    return cache;
  }

  private TargetUriResolver targetUriResolver() {
    TargetUriResolver.Builder resolver = TargetUriResolver.builder();
    if (settings.isSet(TRUSTED_PROXIES)) {
      String header =
          settings.required(
              TRUSTED_PROXY_HEADER,
              "with " + TRUSTED_PROXIES
                  + ": forwarded or x-forwarded, the header those proxies write");
      TrustedProxyHeader proxyHeader =
          TrustedProxyHeader.fromSettingValue(header)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          TRUSTED_PROXY_HEADER + " must be forwarded or x-forwarded, not '"
                              + header + "'"));
      try {
        resolver.trustedProxies(proxyHeader, settings.words(TRUSTED_PROXIES, true));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TRUSTED_PROXIES + ": " + e.getMessage(), e);
      }
    } else if (settings.isSet(TRUSTED_PROXY_HEADER)) {
      throw new IllegalArgumentException(
          TRUSTED_PROXY_HEADER + " is set but " + TRUSTED_PROXIES + " is not");
    }
    if (settings.isSet(PUBLIC_BASE_URI)) {
      List<URI> uris = new ArrayList<>();
      for (String text : settings.words(PUBLIC_BASE_URI, false)) {
        uris.add(Plugins.uri(PUBLIC_BASE_URI, text));
      }
      try {
        resolver.publicBaseUris(uris);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PUBLIC_BASE_URI + ": " + e.getMessage(), e);
      }
    }
    return resolver.build();
  }

  /** The observer named by {@link DpopSettings#OBSERVER}, if any. */
  static DpopObserver namedObserver(SettingValues settings) {
    return settings
        .text(OBSERVER)
        .map(
            name ->
                Plugins.instantiate(
                    OBSERVER, name, DpopObserver.class, OBSERVER + ": no class named '" + name + "'"))
        .orElse(DpopObserver.NONE);
  }
}
