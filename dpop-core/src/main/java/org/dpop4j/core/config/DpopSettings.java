package org.dpop4j.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopMode;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.http.TargetUriResolver;
import org.dpop4j.core.http.TrustedProxyHeader;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.token.IntrospectionAccessTokenValidator;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.core.token.ValidatedTokenCache;
import org.slf4j.LoggerFactory;

/**
 * Everything an HTTP adapter needs to protect requests: the mode, the verifier (and, for a
 * resource server, the authenticator), how to find the target URI and which claim holds roles.
 *
 * <p>Build it in code with {@link #resourceServer} or {@link #tokenEndpoint}, or parse it from
 * named string settings with {@link #from(Function)}: the servlet filter reads them from its
 * init-params, the JAX-RS feature from any properties source. Parsing checks every value and
 * throws {@link IllegalArgumentException} with a message naming the setting, so a bad value stops
 * the deployment instead of weakening it. Secrets are read from an environment variable or a file
 * and never appear in a message. Immutable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #MODE}</td><td>resource-server</td><td>{@code resource-server} or
 *       {@code token-endpoint}</td></tr>
 *   <tr><td>{@value #JWKS_URI}</td><td></td><td>where the authorization server publishes its
 *       keys (JWT access tokens)</td></tr>
 *   <tr><td>{@value #ALLOW_INSECURE_JWKS_URI}</td><td>false</td><td>accept a {@code http}
 *       JWKS URL to a host other than loopback</td></tr>
 *   <tr><td>{@value #JWKS}</td><td></td><td>the keys inline, as a JWKS JSON object</td></tr>
 *   <tr><td>{@value #ISSUER}</td><td></td><td>required {@code iss} of JWT access tokens</td></tr>
 *   <tr><td>{@value #AUDIENCE}</td><td></td><td>this server's identifiers, space separated: a
 *       token's {@code aud} must name one; required for JWT access tokens, optional with
 *       introspection (then the response's {@code aud} must name one)</td></tr>
 *   <tr><td>{@value #TOKEN_TYPES}</td><td>at+jwt</td><td>accepted {@code typ} of JWT access
 *       tokens; widening it (say {@code at+jwt jwt}) lets other JWTs of the same issuer, such as ID
 *       tokens, pass if their {@code aud} matches (RFC 8725 §3.11)</td></tr>
 *   <tr><td>{@value #TOKEN_ALGORITHMS}</td><td>RS, PS, ES 256/384/512, EdDSA</td><td>algorithms
 *       JWT access tokens may be signed with; {@code none} and HMAC are refused</td></tr>
 *   <tr><td>{@value #INTROSPECTION_URI}</td><td></td><td>RFC 7662 endpoint (opaque tokens);
 *       https unless on loopback</td></tr>
 *   <tr><td>{@value #ALLOW_INSECURE_INTROSPECTION_URI}</td><td>false</td><td>accept a {@code
 *       http} introspection URL to a host other than loopback</td></tr>
 *   <tr><td>{@value #INTROSPECTION_CLIENT_ID}, {@value #INTROSPECTION_CLIENT_SECRET}</td><td></td>
 *       <td>credentials for it; the secret as {@code env:VARIABLE} or {@code file:/path}</td></tr>
 *   <tr><td>{@value #INTROSPECTION_CACHE_SECONDS}</td><td>300</td><td>how long an active
 *       introspection response is reused (0..86400), never past the token's {@code exp}</td></tr>
 *   <tr><td>{@value #TOKEN_CACHE_SIZE}</td><td>10000</td><td>validated access tokens kept
 *       (JWT and introspection), 1 to 10,000,000</td></tr>
 *   <tr><td>{@value #TOKEN_CACHE_MAX_SECONDS}</td><td>300</td><td>the longest a JWT validation
 *       is reused, never past the token's {@code exp}; 1 to 86400 (introspection: {@value
 *       #INTROSPECTION_CACHE_SECONDS})</td></tr>
 *   <tr><td>{@value #ALGORITHMS}</td><td>all but ML-DSA</td><td>proof algorithms, space or
 *       comma separated, such as {@code ES256 ML-DSA-44}</td></tr>
 *   <tr><td>{@value #MAX_AGE_SECONDS}, {@value #CLOCK_SKEW_SECONDS}</td><td>60, 10</td><td>the
 *       {@code iat} window: skew 0..600, max-age 1..(3600 - skew), as a proof is remembered for
 *       max-age + skew, at most one hour</td></tr>
 *   <tr><td>{@value #NONCE}</td><td>false</td><td>require server nonces</td></tr>
 *   <tr><td>{@value #NONCE_SECRET}</td><td></td><td>base64 HMAC key of at least 32 bytes, as
 *       {@code env:VARIABLE} or {@code file:/path}; shared by all nodes</td></tr>
 *   <tr><td>{@value #NONCE_ROTATION_SECONDS}</td><td>300</td><td>nonce rotation period</td></tr>
 *   <tr><td>{@value #REPLAY_CACHE}</td><td>memory</td><td>{@code memory}, or the name or class of
 *       a {@link ReplayCacheFactory}</td></tr>
 *   <tr><td>{@value #REPLAY_CACHE_SIZE}</td><td>100000</td><td>entries of the memory cache</td></tr>
 *   <tr><td>{@value #TRUSTED_PROXIES}</td><td>none</td><td>IP addresses and CIDR ranges whose
 *       forwarding headers are believed</td></tr>
 *   <tr><td>{@value #TRUSTED_PROXY_HEADER}</td><td>required with trusted proxies</td><td>the
 *       header they write, {@code forwarded} or {@code x-forwarded}; only that one is
 *       believed</td></tr>
 *   <tr><td>{@value #PUBLIC_BASE_URI}</td><td>none: the {@code Host} header decides</td><td>the
 *       application's public base URIs, space separated; requests for other origins are
 *       refused</td></tr>
 *   <tr><td>{@value #ROLES_CLAIM}</td><td>scope</td><td>the token claim that holds roles</td></tr>
 *   <tr><td>{@value #AUTHORIZATION_CODE_BINDING}</td><td>none</td><td>token endpoint: the class
 *       name of an {@link AuthorizationCodeBinding}, with a public no-argument
 *       constructor</td></tr>
 * </table>
 */
public final class DpopSettings implements AutoCloseable {

  public static final String MODE = "dpop.mode";
  public static final String JWKS_URI = "dpop.token.jwks-uri";
  public static final String ALLOW_INSECURE_JWKS_URI = "dpop.token.allow-insecure-jwks-uri";
  public static final String JWKS = "dpop.token.jwks";
  public static final String ISSUER = "dpop.token.issuer";
  public static final String AUDIENCE = "dpop.token.audience";
  public static final String TOKEN_TYPES = "dpop.token.types";
  public static final String TOKEN_ALGORITHMS = "dpop.token.algorithms";
  public static final String INTROSPECTION_URI = "dpop.token.introspection-uri";
  public static final String ALLOW_INSECURE_INTROSPECTION_URI =
      "dpop.token.allow-insecure-introspection-uri";
  public static final String INTROSPECTION_CLIENT_ID = "dpop.token.introspection-client-id";
  public static final String INTROSPECTION_CLIENT_SECRET = "dpop.token.introspection-client-secret";
  public static final String INTROSPECTION_CACHE_SECONDS = "dpop.token.introspection-cache-seconds";
  public static final String ALGORITHMS = "dpop.proof.algorithms";
  public static final String MAX_AGE_SECONDS = "dpop.proof.max-age-seconds";
  public static final String CLOCK_SKEW_SECONDS = "dpop.proof.clock-skew-seconds";
  public static final String NONCE = "dpop.nonce";
  public static final String NONCE_SECRET = "dpop.nonce.secret";
  public static final String NONCE_ROTATION_SECONDS = "dpop.nonce.rotation-seconds";
  public static final String REPLAY_CACHE = "dpop.replay-cache";
  public static final String REPLAY_CACHE_SIZE = "dpop.replay-cache.size";
  public static final String TRUSTED_PROXIES = "dpop.trusted-proxies";
  public static final String TRUSTED_PROXY_HEADER = "dpop.trusted-proxy-header";
  public static final String PUBLIC_BASE_URI = "dpop.public-base-uri";
  public static final String ROLES_CLAIM = "dpop.roles-claim";
  public static final String AUTHORIZATION_CODE_BINDING = "dpop.authorization-code-binding";
  public static final String TOKEN_CACHE_SIZE = "dpop.token.cache-size";
  public static final String TOKEN_CACHE_MAX_SECONDS = "dpop.token.cache-max-seconds";

  /** Every setting this class reads; factories read their own under {@code dpop.replay-cache.}. */
  public static final Set<String> NAMES =
      Set.of(
          MODE, JWKS_URI, ALLOW_INSECURE_JWKS_URI, JWKS, ISSUER, AUDIENCE, TOKEN_TYPES,
          TOKEN_ALGORITHMS, INTROSPECTION_URI, ALLOW_INSECURE_INTROSPECTION_URI,
          INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET, INTROSPECTION_CACHE_SECONDS,
          ALGORITHMS, MAX_AGE_SECONDS, CLOCK_SKEW_SECONDS, NONCE,
          NONCE_SECRET, NONCE_ROTATION_SECONDS, REPLAY_CACHE, REPLAY_CACHE_SIZE, TRUSTED_PROXIES,
          TRUSTED_PROXY_HEADER, PUBLIC_BASE_URI, ROLES_CLAIM, AUTHORIZATION_CODE_BINDING,
          TOKEN_CACHE_SIZE, TOKEN_CACHE_MAX_SECONDS);

  private static final String MEMORY = "memory";
  private static final int MAX_PROOF_WINDOW_SECONDS = 3600;
  private static final int MIN_NONCE_KEY_BYTES = 32;

  private final DpopMode mode;
  private final DpopVerifier verifier;
  private final DpopAuthenticator authenticator;
  private final TargetUriResolver targetUriResolver;
  private final RoleMapping roleMapping;
  private final AuthorizationCodeBinding authorizationCodeBinding;
  private final Optional<AutoCloseable> ownedReplayCache;

  private DpopSettings(Builder builder, Optional<AutoCloseable> ownedReplayCache) {
    this.mode = builder.mode;
    this.verifier = builder.verifier;
    this.authenticator = builder.authenticator;
    this.targetUriResolver = builder.targetUriResolver;
    this.roleMapping = builder.roleMapping;
    this.authorizationCodeBinding = builder.authorizationCodeBinding;
    this.ownedReplayCache = ownedReplayCache;
  }

  /** Settings for a protected resource, starting from an authenticator built in code. */
  public static Builder resourceServer(DpopAuthenticator authenticator) {
    Objects.requireNonNull(authenticator, "authenticator");
    return new Builder(DpopMode.RESOURCE_SERVER, authenticator.verifier(), authenticator);
  }

  /** Settings for an authorization server's token endpoint, from a verifier built in code. */
  public static Builder tokenEndpoint(DpopVerifier verifier) {
    return new Builder(DpopMode.TOKEN_ENDPOINT, Objects.requireNonNull(verifier, "verifier"), null);
  }

  /**
   * Parses named settings; secrets named {@code env:VARIABLE} come from the process environment.
   *
   * @param settings the value of a setting by name, {@code null} (or blank) when absent
   * @throws IllegalArgumentException naming the first invalid or missing setting
   */
  public static DpopSettings from(Function<String, String> settings) {
    return from(settings, System::getenv);
  }

  /** As {@link #from(Function)}, reading {@code env:} secrets from {@code environment}. */
  public static DpopSettings from(
      Function<String, String> settings, Function<String, String> environment) {
    return new Parser(settings, environment).parse();
  }

  /**
   * As {@link #from(Function)}, from every setting present, so that a misspelt {@code dpop.} name
   * is reported instead of silently ignored.
   */
  public static DpopSettings from(Map<String, String> settings) {
    for (String name : settings.keySet()) {
      if (name.startsWith("dpop.")
          && !NAMES.contains(name)
          && !name.startsWith(REPLAY_CACHE + ".")) {
        throw new IllegalArgumentException(
            name + " is not a dpop4j setting; known settings: " + new TreeSet<>(NAMES));
      }
    }
    return from(settings::get);
  }

  public DpopMode mode() {
    return mode;
  }

  public DpopVerifier verifier() {
    return verifier;
  }

  /** The authenticator, in {@link DpopMode#RESOURCE_SERVER} mode; empty at a token endpoint. */
  public Optional<DpopAuthenticator> authenticator() {
    return Optional.ofNullable(authenticator);
  }

  public TargetUriResolver targetUriResolver() {
    return targetUriResolver;
  }

  public RoleMapping roleMapping() {
    return roleMapping;
  }

  /**
   * Where a token endpoint reads the key an authorization code is bound to; empty when none is
   * configured (codes are then not checked against a key) and always in resource-server mode.
   */
  public Optional<AuthorizationCodeBinding> authorizationCodeBinding() {
    return Optional.ofNullable(authorizationCodeBinding);
  }

  /**
   * Releases what these settings created themselves: a replay cache chosen by name that holds
   * connections (a clustered Ehcache, say). Objects passed in through the builder stay open, as
   * their owner created them. Failures are logged, not thrown, so shutdown goes on.
   */
  @Override
  public void close() {
    ownedReplayCache.ifPresent(DpopSettings::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable replayCache) {
    try {
      replayCache.close();
    } catch (Exception e) {
      LoggerFactory.getLogger(DpopSettings.class)
          .warn("closing the replay cache failed: {}", e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "DpopSettings{mode=" + mode + ", algs=" + verifier.allowedAlgorithms() + ", nonce="
        + verifier.requiresNonce() + ", " + targetUriResolver + ", "
        + roleMapping
        + (mode == DpopMode.TOKEN_ENDPOINT
            ? ", codeBinding="
                + (authorizationCodeBinding == null
                    ? "none"
                    : authorizationCodeBinding.getClass().getName())
            : "")
        + "}";
  }

  /** Completes {@link DpopSettings} built in code; proxies and roles have defaults. */
  public static final class Builder {
    private final DpopMode mode;
    private final DpopVerifier verifier;
    private final DpopAuthenticator authenticator;
    private TargetUriResolver targetUriResolver = TargetUriResolver.withoutProxies();
    private RoleMapping roleMapping = RoleMapping.fromScopes();
    private AuthorizationCodeBinding authorizationCodeBinding;

    private Builder(DpopMode mode, DpopVerifier verifier, DpopAuthenticator authenticator) {
      this.mode = mode;
      this.verifier = verifier;
      this.authenticator = authenticator;
    }

    /** How to find the target URI. Default: {@link TargetUriResolver#withoutProxies()}. */
    public Builder targetUriResolver(TargetUriResolver resolver) {
      this.targetUriResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Which claim holds roles. Default: {@link RoleMapping#fromScopes()}. */
    public Builder roleMapping(RoleMapping roleMapping) {
      this.roleMapping = Objects.requireNonNull(roleMapping, "roleMapping");
      return this;
    }

    /**
     * Token endpoint only: where the key each authorization code is bound to is read (RFC 9449
     * §10), so that a code bound to a key is redeemed only with a proof by that key. Default:
     * none. Without it a stolen code can be redeemed with any key: the token request's own {@code
     * dpop_jkt} parameter is not trusted, as the party redeeming the code writes it.
     *
     * @throws IllegalStateException in resource-server mode, or when already set
     */
    public Builder authorizationCodeBinding(AuthorizationCodeBinding binding) {
      Objects.requireNonNull(binding, "binding");
      if (mode != DpopMode.TOKEN_ENDPOINT) {
        throw new IllegalStateException(
            "authorizationCodeBinding applies to a token endpoint only");
      }
      if (authorizationCodeBinding != null) {
        throw new IllegalStateException("authorizationCodeBinding is already set");
      }
      this.authorizationCodeBinding = binding;
      return this;
    }

    public DpopSettings build() {
      return new DpopSettings(this, Optional.empty());
    }
  }

  /** Reads the string settings once, in dependency order. */
  private static final class Parser {
    private final Function<String, String> settings;
    private final Function<String, String> environment;

    Parser(Function<String, String> settings, Function<String, String> environment) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Created last, as it may connect to a cluster; closed again if a later setting fails. */
    private ReplayCache replayCache;

    DpopSettings parse() {
      try {
        return parseSettings();
      } catch (RuntimeException e) {
        if (replayCache instanceof AutoCloseable closeable) {
          closeQuietly(closeable);
        }
        throw e;
      }
    }

    private DpopSettings parseSettings() {
      DpopMode mode = mode();
      DpopVerifier verifier = verifier();
      Builder builder;
      if (mode == DpopMode.RESOURCE_SERVER) {
        if (value(AUTHORIZATION_CODE_BINDING).isPresent()) {
          throw new IllegalArgumentException(
              AUTHORIZATION_CODE_BINDING + " applies to " + MODE + "=token-endpoint only");
        }
        builder = resourceServer(DpopAuthenticator.of(verifier, tokenValidator()));
      } else {
        for (String tokenSetting :
            List.of(JWKS_URI, ALLOW_INSECURE_JWKS_URI, JWKS, ISSUER, AUDIENCE, TOKEN_TYPES,
                TOKEN_ALGORITHMS, INTROSPECTION_URI, ALLOW_INSECURE_INTROSPECTION_URI,
                INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET, INTROSPECTION_CACHE_SECONDS,
                ROLES_CLAIM, TOKEN_CACHE_SIZE, TOKEN_CACHE_MAX_SECONDS)) {
          if (value(tokenSetting).isPresent()) {
            throw new IllegalArgumentException(
                tokenSetting + " applies to " + MODE + "=resource-server only");
          }
        }
        builder = tokenEndpoint(verifier);
        Optional<String> binding = value(AUTHORIZATION_CODE_BINDING);
        if (binding.isPresent()) {
          builder.authorizationCodeBinding(
              instantiate(
                  AUTHORIZATION_CODE_BINDING,
                  binding.get(),
                  AuthorizationCodeBinding.class,
                  AUTHORIZATION_CODE_BINDING + ": no class named '" + binding.get() + "'"));
        }
      }
      builder
          .targetUriResolver(targetUriResolver())
          .roleMapping(value(ROLES_CLAIM).map(RoleMapping::fromClaim).orElse(RoleMapping.fromScopes()));
      return new DpopSettings(
          builder,
          replayCache instanceof AutoCloseable closeable ? Optional.of(closeable) : Optional.empty());
    }

    private Optional<String> value(String name) {
      String value = settings.apply(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private String required(String name, String why) {
      return value(name).orElseThrow(() -> new IllegalArgumentException(name + " is required " + why));
    }

    private DpopMode mode() {
      String mode = value(MODE).orElse("resource-server");
      switch (mode.toLowerCase(Locale.ROOT)) {
        case "resource-server":
          return DpopMode.RESOURCE_SERVER;
        case "token-endpoint":
          return DpopMode.TOKEN_ENDPOINT;
        default:
          throw new IllegalArgumentException(
              MODE + " must be resource-server or token-endpoint, not '" + mode + "'");
      }
    }

    private DpopVerifier verifier() {
      DpopVerifier.Builder verifier =
          DpopVerifier.builder().allowedAlgorithms(algorithms());
      // The replay store remembers a proof for max-age + skew, at most one hour (DpopVerifier),
      // so the range of max-age is what the skew leaves of that hour.
      int skewSeconds = integer(CLOCK_SKEW_SECONDS, 10, 0, 600);
      int maxAgeSeconds = integer(MAX_AGE_SECONDS, 60, 1, MAX_PROOF_WINDOW_SECONDS - skewSeconds);
      verifier.proofLifetime(Duration.ofSeconds(maxAgeSeconds), Duration.ofSeconds(skewSeconds));
      if (bool(NONCE)) {
        verifier.requireNonce(nonceService());
      } else if (value(NONCE_SECRET).isPresent()) {
        throw new IllegalArgumentException(NONCE_SECRET + " is set but " + NONCE + " is not true");
      }
      replayCache = replayCache();
      return verifier.replayCache(replayCache).build();
    }

    private Set<JwsAlgorithm> algorithms() {
      Optional<String> names = value(ALGORITHMS);
      if (names.isEmpty()) {
        return JwsAlgorithm.allowedByDefault();
      }
      Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
      for (String name : names.get().split("[\\s,]+")) {
        if (name.isEmpty()) {
          continue;
        }
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
      String encoded =
          SecretReference.read(
              NONCE_SECRET,
              required(NONCE_SECRET, "when " + NONCE + " is true"),
              environment);
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
          .rotationPeriod(Duration.ofSeconds(integer(NONCE_ROTATION_SECONDS, 300, 1, 86_400)))
          .build();
    }

    private ReplayCache replayCache() {
      String choice = value(REPLAY_CACHE).orElse(MEMORY);
      if (choice.equals(MEMORY)) {
        return InMemoryReplayCache.withMaximumSize(
            integer(REPLAY_CACHE_SIZE, 100_000, 1, 100_000_000));
      }
      if (value(REPLAY_CACHE_SIZE).isPresent()) {
        throw new IllegalArgumentException(
            REPLAY_CACHE_SIZE + " applies to " + REPLAY_CACHE + "=memory only");
      }
      ReplayCacheFactory factory = replayCacheFactory(choice);
      ReplayCache cache = factory.create(settings);
      if (cache == null) {
        throw new IllegalArgumentException(
            REPLAY_CACHE + ": " + factory.getClass().getName() + " created no cache");
      }
      return cache;
    }

    private static ReplayCacheFactory replayCacheFactory(String choice) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = DpopSettings.class.getClassLoader();
      }
      List<String> available = new ArrayList<>(List.of(MEMORY));
      for (ReplayCacheFactory factory : ServiceLoader.load(ReplayCacheFactory.class, loader)) {
        if (factory.name().equals(choice)) {
          return factory;
        }
        available.add(factory.name());
      }
      return instantiate(
          REPLAY_CACHE,
          choice,
          ReplayCacheFactory.class,
          REPLAY_CACHE + ": no replay cache factory named '" + choice + "'; available: "
              + available + ", or the class name of a " + ReplayCacheFactory.class.getName());
    }

    /**
     * An instance of the class {@code className}, through its public no-argument constructor.
     *
     * @param notFound the message when there is no such class
     */
    private static <T> T instantiate(
        String setting, String className, Class<T> type, String notFound) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = DpopSettings.class.getClassLoader();
      }
      Class<?> found;
      try {
        found = Class.forName(className, true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(notFound);
      }
      if (!type.isAssignableFrom(found)) {
        throw new IllegalArgumentException(
            setting + ": " + className + " is not a " + type.getName());
      }
      try {
        return type.cast(found.getConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            setting + ": cannot instantiate " + className
                + " through a public no-argument constructor", e);
      }
    }

    private AccessTokenValidator tokenValidator() {
      boolean jwksUri = value(JWKS_URI).isPresent();
      boolean jwks = value(JWKS).isPresent();
      boolean introspection = value(INTROSPECTION_URI).isPresent();
      if ((jwksUri ? 1 : 0) + (jwks ? 1 : 0) + (introspection ? 1 : 0) != 1) {
        throw new IllegalArgumentException(
            "exactly one of " + JWKS_URI + ", " + JWKS + " and " + INTROSPECTION_URI
                + " is required in resource-server mode");
      }
      return introspection ? introspectionValidator() : jwtValidator(jwksUri);
    }

    private AccessTokenValidator introspectionValidator() {
      for (String jwtSetting :
          List.of(ISSUER, TOKEN_TYPES, TOKEN_ALGORITHMS, ALLOW_INSECURE_JWKS_URI,
              TOKEN_CACHE_MAX_SECONDS)) {
        if (value(jwtSetting).isPresent()) {
          throw new IllegalArgumentException(
              jwtSetting + " applies to JWT access tokens, not to " + INTROSPECTION_URI);
        }
      }
      IntrospectionAccessTokenValidator.Builder introspection =
          IntrospectionAccessTokenValidator.builder()
              .endpoint(
                  httpUri(INTROSPECTION_URI),
                  required(INTROSPECTION_CLIENT_ID, "with " + INTROSPECTION_URI),
                  SecretReference.read(
                      INTROSPECTION_CLIENT_SECRET,
                      required(INTROSPECTION_CLIENT_SECRET, "with " + INTROSPECTION_URI),
                      environment))
              .maxCacheDuration(
                  Duration.ofSeconds(integer(INTROSPECTION_CACHE_SECONDS, 300, 0, 86_400)))
              .maxCacheEntries(tokenCacheSize())
              .allowInsecureEndpoint(bool(ALLOW_INSECURE_INTROSPECTION_URI));
      if (value(AUDIENCE).isPresent()) {
        introspection.audiences(words(AUDIENCE, false));
      }
      try {
        return introspection.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(INTROSPECTION_URI + ": " + e.getMessage(), e);
      }
    }

    private AccessTokenValidator jwtValidator(boolean jwksUri) {
      for (String introspectionSetting :
          List.of(INTROSPECTION_CACHE_SECONDS, ALLOW_INSECURE_INTROSPECTION_URI)) {
        if (value(introspectionSetting).isPresent()) {
          throw new IllegalArgumentException(
              introspectionSetting + " applies with " + INTROSPECTION_URI);
        }
      }
      required(AUDIENCE, "for JWT access tokens");
      JwtAccessTokenValidator.Builder jwt =
          JwtAccessTokenValidator.builder()
              .issuer(required(ISSUER, "for JWT access tokens"))
              .audiences(words(AUDIENCE, false));
      try {
        if (value(TOKEN_TYPES).isPresent()) {
          jwt.tokenTypes(words(TOKEN_TYPES, true));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TOKEN_TYPES + ": " + e.getMessage(), e);
      }
      try {
        if (value(TOKEN_ALGORITHMS).isPresent()) {
          jwt.algorithms(tokenAlgorithms(words(TOKEN_ALGORITHMS, true)));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(TOKEN_ALGORITHMS + ": " + e.getMessage(), e);
      }
      if (jwksUri) {
        jwt.jwksUri(httpUri(JWKS_URI)).allowInsecureJwksUri(bool(ALLOW_INSECURE_JWKS_URI));
      } else {
        if (value(ALLOW_INSECURE_JWKS_URI).isPresent()) {
          throw new IllegalArgumentException(ALLOW_INSECURE_JWKS_URI + " applies with " + JWKS_URI);
        }
        jwt.jwks(value(JWKS).orElseThrow());
      }
      try {
        return ValidatedTokenCache.builder()
            .maximumEntries(tokenCacheSize())
            .maximumDuration(tokenCacheMaxDuration())
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

    /**
     * The values of a present setting, separated by whitespace and, unless they may contain
     * commas as audience URIs may, by commas.
     */
    private List<String> words(String name, boolean commaSeparates) {
      // A leading separator gives an empty first word: skipped, as in dpop.proof.algorithms.
      return Stream.of(value(name).orElseThrow().split(commaSeparates ? "[\\s,]+" : "\\s+"))
          .filter(word -> !word.isEmpty())
          .toList();
    }

    private int tokenCacheSize() {
      return integer(TOKEN_CACHE_SIZE, 10_000, 1, 10_000_000);
    }

    private Duration tokenCacheMaxDuration() {
      return Duration.ofSeconds(integer(TOKEN_CACHE_MAX_SECONDS, 300, 1, 86_400));
    }

    private TargetUriResolver targetUriResolver() {
      TargetUriResolver.Builder resolver = TargetUriResolver.builder();
      Optional<String> proxies = value(TRUSTED_PROXIES);
      Optional<String> header = value(TRUSTED_PROXY_HEADER);
      if (proxies.isPresent()) {
        TrustedProxyHeader proxyHeader =
            TrustedProxyHeader.fromSettingValue(
                    header.orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                TRUSTED_PROXY_HEADER + " is required with " + TRUSTED_PROXIES
                                    + ": forwarded or x-forwarded, the header those proxies"
                                    + " write")))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            TRUSTED_PROXY_HEADER + " must be forwarded or x-forwarded, not '"
                                + header.get() + "'"));
        try {
          resolver.trustedProxies(proxyHeader, List.of(proxies.get().split("[\\s,]+")));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(TRUSTED_PROXIES + ": " + e.getMessage(), e);
        }
      } else if (header.isPresent()) {
        throw new IllegalArgumentException(
            TRUSTED_PROXY_HEADER + " is set but " + TRUSTED_PROXIES + " is not");
      }
      Optional<String> bases = value(PUBLIC_BASE_URI);
      if (bases.isPresent()) {
        List<URI> uris = new ArrayList<>();
        for (String text : bases.get().split("\\s+")) {
          try {
            uris.add(new URI(text));
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                PUBLIC_BASE_URI + ": '" + text + "' is not a URI", e);
          }
        }
        try {
          resolver.publicBaseUris(uris);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(PUBLIC_BASE_URI + ": " + e.getMessage(), e);
        }
      }
      return resolver.build();
    }

    private URI httpUri(String name) {
      String text = value(name).orElseThrow();
      try {
        URI uri = new URI(text);
        if (uri.getHost() != null
            && ("https".equalsIgnoreCase(uri.getScheme())
                || "http".equalsIgnoreCase(uri.getScheme()))) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below, with the setting's name
      }
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL: '" + text + "'");
    }

    private int integer(String name, int defaultValue, int min, int max) {
      Optional<String> text = value(name);
      if (text.isEmpty()) {
        return defaultValue;
      }
      try {
        int value = Integer.parseInt(text.get());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the setting's name
      }
      throw new IllegalArgumentException(
          name + " must be a whole number within " + min + ".." + max + ", not '" + text.get()
              + "'");
    }

    private boolean bool(String name) {
      String text = value(name).orElse("false");
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (text.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException(name + " must be true or false, not '" + text + "'");
    }
  }
}
