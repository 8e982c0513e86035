package org.dpop4j.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.http.DpopProtection;
import org.slf4j.LoggerFactory;

/**
 * A {@link DpopProtection} parsed from named {@code dpop.*} string settings, and the owner of what
 * parsing opened (a replay cache chosen by name that holds connections, such as a clustered
 * Ehcache, and the introspection validator's HTTP client and its threads): the adapter that parsed
 * the settings closes them when the application stops. The
 * servlet filter reads them from its init-params, the JAX-RS feature from a {@link Map} or {@link
 * Properties}, the Jakarta Security module from MicroProfile Config or context params. Code that
 * builds a protection itself ({@link org.dpop4j.core.http.ResourceServerProtection#builder}) needs
 * none of this.
 *
 * <p>Parsing is strict whatever the source: every {@code dpop.*} name present must be one of
 * {@link #NAMES} or a setting the chosen {@link ReplayCacheFactory} declares, so a misspelt name
 * stops the deployment instead of silently leaving a default in place. Every value is checked and
 * a bad one throws {@link IllegalArgumentException} with a message naming the setting. Names that
 * do not start with {@code dpop.} are ignored. Secrets are read from an environment variable or a
 * file and never appear in a message.
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
 *   <tr><td>{@value #TOKEN_CACHE_SIZE}</td><td>10000</td><td>validated access tokens kept
 *       (JWT and introspection), 1 to 10,000,000</td></tr>
 *   <tr><td>{@value #TOKEN_CACHE_MAX_SECONDS}</td><td>300</td><td>the longest a validated
 *       token (JWT or introspection answer) is reused, never past the token's {@code exp}; 0
 *       (no reuse) to 86400. Replaces {@code dpop.token.introspection-cache-seconds}</td></tr>
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
 *   <tr><td>{@value #OBSERVER}</td><td>none</td><td>the class name of a {@link DpopObserver},
 *       with a public no-argument constructor, told of every accepted and refused proof and of
 *       token-cache hits and misses; or pass one to {@link Reader#observer}</td></tr>
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
  public static final String OBSERVER = "dpop.observer";

  /** Every setting this class reads; factories declare their own under {@code dpop.replay-cache.}. */
  public static final Set<String> NAMES =
      Set.of(
          MODE, JWKS_URI, ALLOW_INSECURE_JWKS_URI, JWKS, ISSUER, AUDIENCE, TOKEN_TYPES,
          TOKEN_ALGORITHMS, INTROSPECTION_URI, ALLOW_INSECURE_INTROSPECTION_URI,
          INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET, ALGORITHMS, MAX_AGE_SECONDS,
          CLOCK_SKEW_SECONDS, NONCE, NONCE_SECRET, NONCE_ROTATION_SECONDS, REPLAY_CACHE,
          REPLAY_CACHE_SIZE, TRUSTED_PROXIES, TRUSTED_PROXY_HEADER, PUBLIC_BASE_URI, ROLES_CLAIM,
          AUTHORIZATION_CODE_BINDING, TOKEN_CACHE_SIZE, TOKEN_CACHE_MAX_SECONDS, OBSERVER);

  /** Former names, refused with the name that replaced them. */
  static final Map<String, String> RENAMED =
      Map.of("dpop.token.introspection-cache-seconds", TOKEN_CACHE_MAX_SECONDS);

  /** Settings of a resource server's access tokens and roles, refused at a token endpoint. */
  static final List<String> RESOURCE_SERVER_ONLY =
      List.of(
          JWKS_URI, ALLOW_INSECURE_JWKS_URI, JWKS, ISSUER, AUDIENCE, TOKEN_TYPES, TOKEN_ALGORITHMS,
          INTROSPECTION_URI, ALLOW_INSECURE_INTROSPECTION_URI, INTROSPECTION_CLIENT_ID,
          INTROSPECTION_CLIENT_SECRET, ROLES_CLAIM, TOKEN_CACHE_SIZE, TOKEN_CACHE_MAX_SECONDS);

  private final DpopProtection protection;
  private final List<AutoCloseable> owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DpopSettings(DpopProtection protection, List<AutoCloseable> owned) {
    this.protection = protection;
    this.owned = List.copyOf(owned);
  }

  /**
   * Parses the {@code dpop.*} entries of {@code settings}; secrets named {@code env:VARIABLE}
   * come from the process environment.
   *
   * @throws IllegalArgumentException naming the first unknown, invalid or missing setting
   */
  public static DpopSettings from(Map<String, String> settings) {
    return reader().read(settings);
  }

  /** As {@link #from(Map)}, from the string properties of {@code properties}. */
  public static DpopSettings from(Properties properties) {
    return reader().read(properties);
  }

  /** Parses settings with an environment or an observer of its own. */
  public static Reader reader() {
    return new Reader();
  }

  /** What the settings protect, and how. */
  public DpopProtection protection() {
    return protection;
  }

  /**
   * Releases what these settings opened themselves: a replay cache chosen by name that holds
   * connections (a clustered Ehcache, say), and the introspection validator with its HTTP client,
   * whose threads have ended when this returns (see {@link
   * org.dpop4j.core.token.IntrospectionAccessTokenValidator#close()}). Failures are logged, not
   * thrown, so shutdown goes on. Closing twice does nothing more.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owned.forEach(DpopSettings::closeQuietly);
    }
  }

  static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LoggerFactory.getLogger(DpopSettings.class)
          .warn("closing {} failed: {}", resource.getClass().getName(), e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "DpopSettings{" + protection + "}";
  }

  /**
   * Refuses every {@code dpop.*} name that neither this class nor {@code factory} reads, so that
   * a misspelt name fails instead of leaving its default in place.
   */
  private static void checkNames(
      SettingValues settings, ReplayCacheFactory factory, Set<String> sharedNames) {
    Set<String> factoryNames = factory == null ? Set.of() : factory.settingNames();
    for (String name : settings.names()) {
      if (sharedNames.contains(name)
          && !NAMES.contains(name)
          && !factoryNames.contains(name)
          && !RENAMED.containsKey(name)) {
        LoggerFactory.getLogger(DpopSettings.class)
            .warn("{} is not a dpop4j setting; ignored, as it comes from a source shared by every"
                + " application of the JVM (a system property)", name);
        continue;
      }
      String replacement = RENAMED.get(name);
      if (replacement != null) {
        throw new IllegalArgumentException(
            name + " was renamed " + replacement + "; set that instead");
      }
      if (!NAMES.contains(name) && !factoryNames.contains(name)) {
        Set<String> known = new TreeSet<>(NAMES);
        known.addAll(factoryNames);
        throw new IllegalArgumentException(
            name + " is not a dpop4j setting"
                + (name.startsWith(REPLAY_CACHE + ".")
                    ? " of " + REPLAY_CACHE + "=" + settings.text(REPLAY_CACHE, Plugins.MEMORY)
                    : "")
                + "; known settings: " + known);
      }
    }
  }

  /**
   * Parses settings from a source that lists its names: a {@link Map}, {@link Properties}, or an
   * adapter's own source (init-params, MicroProfile Config) copied into a map. A source that can
   * only be asked for a value by name cannot be checked for misspelt names, so none is accepted.
   */
  public static final class Reader {
    private Function<String, String> environment;
    private DpopObserver observer;
    private Set<String> sharedNames;

    private Reader() {}

    /**
     * Names among the settings that come from a source shared by every application of the JVM,
     * such as system properties seen through MicroProfile Config: an unknown {@code dpop.*} name
     * among them is logged at WARN and ignored instead of refused, since it may be meant for
     * another application (or another version of dpop4j) on the same server. Names from the
     * application's own sources stay strict. Default: none.
     *
     * @throws IllegalStateException when already set
     */
    public Reader sharedNames(Set<String> names) {
      Objects.requireNonNull(names, "names");
      if (sharedNames != null) {
        throw new IllegalStateException("sharedNames is already set");
      }
      this.sharedNames = Set.copyOf(names);
      return this;
    }

    /**
     * Where {@code env:VARIABLE} secrets are read. Default: the process environment.
     *
     * @throws IllegalStateException when already set
     */
    public Reader environment(Function<String, String> environment) {
      Objects.requireNonNull(environment, "environment");
      if (this.environment != null) {
        throw new IllegalStateException("environment is already set");
      }
      this.environment = environment;
      return this;
    }

    /**
     * Told of every accepted and refused proof and of every token-cache hit and miss, such as a
     * {@code MicrometerDpopObserver}. Default: the class named by {@value #OBSERVER}, else none.
     *
     * @throws IllegalStateException when already set
     */
    public Reader observer(DpopObserver observer) {
      Objects.requireNonNull(observer, "observer");
      if (this.observer != null) {
        throw new IllegalStateException("observer is already set");
      }
      this.observer = observer;
      return this;
    }

    /**
     * Parses the {@code dpop.*} entries of {@code settings}; others are ignored.
     *
     * @throws IllegalArgumentException naming the first unknown, invalid or missing setting, or
     *     when both {@link #observer} and {@value #OBSERVER} are given
     */
    public DpopSettings read(Map<String, String> settings) {
      Objects.requireNonNull(settings, "settings");
      SettingValues values =
          SettingValues.of(settings, environment != null ? environment : System::getenv);
      String choice = values.text(REPLAY_CACHE, Plugins.MEMORY);
      ReplayCacheFactory factory =
          choice.equals(Plugins.MEMORY) ? null : Plugins.replayCacheFactory(choice);
      checkNames(values, factory, sharedNames != null ? sharedNames : Set.of());
      if (observer != null && values.isSet(OBSERVER)) {
        throw new IllegalArgumentException(
            OBSERVER + " is set but an observer was passed in code; use one of them");
      }
      DpopObserver chosen = observer != null ? observer : SettingsParser.namedObserver(values);
      SettingsParser parser = new SettingsParser(values, factory, chosen);
      DpopProtection protection = parser.protection();
      return new DpopSettings(protection, parser.opened());
    }

    /** As {@link #read(Map)}, from the string properties of {@code properties}. */
    public DpopSettings read(Properties properties) {
      Objects.requireNonNull(properties, "properties");
      Map<String, String> settings = new LinkedHashMap<>();
      for (String name : properties.stringPropertyNames()) {
        settings.put(name, properties.getProperty(name));
      }
      return read(settings);
    }
  }
}
