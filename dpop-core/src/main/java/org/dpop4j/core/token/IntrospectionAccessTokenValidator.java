package org.dpop4j.core.token;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.BuilderOptions;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Validates opaque access tokens with OAuth 2.0 Token Introspection (RFC 7662) over {@link
 * HttpClient}, authenticating as a client with HTTP Basic. An active response's {@code exp},
 * {@code nbf} and {@code iat} are checked as {@link JwtAccessTokenValidator} checks a JWT's, with
 * the same tolerance for clocks that disagree ({@link Builder#allowedClockSkew}, 30 s by default):
 * an answer not valid yet is refused. Active responses are cached until the
 * token expires (at most {@link Builder#maxCacheDuration}) in a {@link ValidatedTokenCache}, bounded
 * and keyed by the token's hash, so the token itself is never kept; a token revoked at the
 * authorization server is therefore still accepted for up to that duration. Refusals for inactive or expired tokens are cached
 * too, for a few seconds ({@link Builder#negativeCacheDuration}) in a separate bounded cache, so a
 * token sent again and again costs one call, and a flood of junk tokens cannot push out the
 * active ones. An unreachable endpoint refuses the request (503), it never accepts it, and that
 * refusal is not cached.
 *
 * <p>Without {@link Builder#httpClient} the validator creates its own client, on a pool of daemon
 * threads ({@code dpop4j-introspection-N}) that carry the platform class loader, not the
 * application's, as their context class loader; {@link #close()} releases them. {@link
 * org.dpop4j.core.config.DpopSettings} closes the validator it built.
 */
public final class IntrospectionAccessTokenValidator
    implements AccessTokenValidator, AutoCloseable {

  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final Duration MAX_CACHE_DURATION = Duration.ofDays(1);
  private static final int MAX_ENTRIES = 10_000_000;

  private final URI endpoint;
  private final String authorization;
  private final HttpClient httpClient;
  /** The client this validator created, or null when the user gave theirs, theirs to close. */
  private final OwnedHttpClient ownedClient;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Duration timeout;
  private final Set<String> audiences;
  private final Clock clock;
  private final Duration allowedClockSkew;
  private final ValidatedTokenCache cache;
  private final RefusalCache negativeCache;

  private IntrospectionAccessTokenValidator(Builder builder) {
    this.endpoint = builder.endpoint;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (formEncode(builder.clientId) + ":" + formEncode(builder.clientSecret))
                        .getBytes(StandardCharsets.UTF_8));
    this.timeout = builder.timeout;
    this.ownedClient =
        builder.httpClient != null ? null : OwnedHttpClient.create(builder.timeout);
    this.httpClient = builder.httpClient != null ? builder.httpClient : ownedClient.client();
    this.audiences = builder.audiences == null ? Set.of() : builder.audiences;
    this.clock = builder.clock;
    this.allowedClockSkew = builder.allowedClockSkew;
    this.cache =
        ValidatedTokenCache.builder()
            .maximumEntries(builder.maxCacheEntries)
            .maximumDuration(builder.maxCacheDuration)
            .clock(builder.clock)
            .observer(builder.observer)
            .build();
    this.negativeCache =
        new RefusalCache(builder.negativeCacheDuration, builder.maxNegativeCacheEntries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @throws DpopException also {@link RefusalReason#TOKEN_VALIDATION_UNAVAILABLE} for every token
   *     once the validator is closed
   */
  @Override
  public AccessToken validate(String accessToken) throws DpopException {
    if (closed.get()) {
      throw new DpopException(
          RefusalReason.TOKEN_VALIDATION_UNAVAILABLE,
          new IllegalStateException("the introspection validator is closed"));
    }
    String cacheKey = ValidatedTokenCache.keyOf(accessToken);
    AccessToken cached = cache.lookup(cacheKey);
    if (cached != null) {
      return cached;
    }
    Instant now = clock.instant();
    negativeCache.throwIfRefused(cacheKey, now);
    AccessToken token;
    try {
      token = introspect(accessToken, now);
    } catch (DpopException refusal) {
      negativeCache.remember(cacheKey, refusal, now);
      throw refusal;
    }
    cache.remember(cacheKey, token);
    return token;
  }

  /**
   * Releases the HTTP client this validator created: closes it where the JDK can (JDK 21 and
   * later, after the calls under way), and shuts its worker threads down, waiting at most 5 s for
   * them to end. On JDK 17 the client's selector thread ({@code HttpClient-N-SelectorManager})
   * ends only once the client is garbage collected; it does not carry the application's class
   * loader. A client passed to {@link Builder#httpClient} is left open: it is its owner's to close.
   * Every later {@link #validate} is refused as unavailable. Closing twice does nothing more.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedClient != null) {
      ownedClient.close();
    }
  }

  private AccessToken introspect(String accessToken, Instant now) throws DpopException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "token=" + formEncode(accessToken) + "&token_type_hint=access_token"))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DpopException(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DpopException(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE, e);
    }
    if (response.statusCode() != 200 || response.body().length > MAX_RESPONSE_BYTES) {
      throw new DpopException(
          RefusalReason.TOKEN_VALIDATION_UNAVAILABLE,
          new IOException("introspection answered HTTP " + response.statusCode()));
    }
    Map<String, Object> claims;
    try {
      claims = JsonUtil.parseJson(new String(response.body(), StandardCharsets.UTF_8));
    } catch (JoseException e) {
      throw new DpopException(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE, e);
    }
    if (!Boolean.TRUE.equals(claims.get("active"))) {
      throw new DpopException(RefusalReason.TOKEN_INACTIVE);
    }
    if (!audiences.isEmpty() && !namesAnAudience(claims.get("aud"))) {
      throw new DpopException(RefusalReason.TOKEN_AUDIENCE_MISMATCH);
    }
    Claims.requireValidAt(claims, now, allowedClockSkew);
    return Claims.toAccessToken(claims, claims.get("sub") instanceof String sub ? sub : null);
  }

  /** RFC 7662 §2.2: {@code aud} is a string or an array of strings, as in a JWT. */
  private boolean namesAnAudience(Object aud) {
    if (aud instanceof String single) {
      return audiences.contains(single);
    }
    return aud instanceof List<?> list && list.stream().anyMatch(audiences::contains);
  }

  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Configures an {@link IntrospectionAccessTokenValidator}; the endpoint is required. Each option
   * may be set once.
   */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private URI endpoint;
    private String clientId;
    private String clientSecret;
    private HttpClient httpClient;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration maxCacheDuration = Duration.ofMinutes(5);
    private Set<String> audiences;
    private int maxCacheEntries = 10_000;
    private Duration negativeCacheDuration = Duration.ofSeconds(5);
    private int maxNegativeCacheEntries = 10_000;
    private Clock clock = Clock.systemUTC();
    private Duration allowedClockSkew = Duration.ofSeconds(30);
    private boolean allowInsecureEndpoint;
    private DpopObserver observer = DpopObserver.NONE;

    private Builder() {}

    /** Told of every hit and miss of the cache of active responses. Default: none. */
    public Builder observer(DpopObserver observer) {
      this.observer = options.set("observer", observer);
      return this;
    }

    /**
     * The introspection endpoint and this resource server's client credentials. The endpoint must
     * use https, unless it is on a loopback address ({@code localhost}, 127.0.0.0/8, ::1) or
     * {@link #allowInsecureEndpoint} is set: every call carries the client secret, and whoever
     * can alter an answer in transit can make any token active.
     */
    public Builder endpoint(URI endpoint, String clientId, String clientSecret) {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      this.endpoint = options.set("endpoint", endpoint);
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * The client to call the endpoint with, for TLS or proxy settings; closing the validator
     * leaves it open. Default: a client the validator creates, and closes with itself.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = options.set("httpClient", httpClient);
      return this;
    }

    /** Timeout for one introspection call. Default 5 s; 1 ms to 5 min. */
    public Builder timeout(Duration timeout) {
      this.timeout =
          options.setWithin("timeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(5));
      return this;
    }

    /**
     * A response is reused until the token expires, but never longer than this: the longest a
     * revoked token is still accepted. Zero asks the endpoint about every request. At most one
     * day. Default 5 min.
     */
    public Builder maxCacheDuration(Duration duration) {
      this.maxCacheDuration =
          options.setWithin("maxCacheDuration", duration, Duration.ZERO, MAX_CACHE_DURATION);
      return this;
    }

    /**
     * Requires the introspection response's {@code aud} to name this resource server: a token
     * passes when it names any one of {@code audiences}. Default: no requirement, as RFC 7662
     * makes {@code aud} optional and the endpoint may already answer only for its own client.
     * Set once, by this method or {@link #audience}.
     */
    public Builder audiences(Collection<String> audiences) {
      this.audiences = TokenSettingValues.audiences(this.audiences, audiences);
      return this;
    }

    /** As {@link #audiences} with one value. */
    public Builder audience(String audience) {
      return audiences(Set.of(Objects.requireNonNull(audience, "audience")));
    }

    /** How many responses are cached; least recently used ones are dropped. Default 10,000. */
    public Builder maxCacheEntries(int entries) {
      this.maxCacheEntries = options.setWithin("maxCacheEntries", entries, 1, MAX_ENTRIES);
      return this;
    }

    /**
     * How long the refusal of an inactive, expired or unusable token is reused before the endpoint
     * is asked again. Keep it short: a token the authorization server has only just issued may
     * look inactive on a replica for a moment. Default 5 s, at most 1 min; zero caches no refusal.
     */
    public Builder negativeCacheDuration(Duration duration) {
      Objects.requireNonNull(duration, "negativeCacheDuration");
      if (duration.isNegative() || duration.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("negativeCacheDuration must be within 0..60 s");
      }
      this.negativeCacheDuration = options.set("negativeCacheDuration", duration);
      return this;
    }

    /** How many refusals are cached; least recently used ones are dropped. Default 10,000. */
    public Builder maxNegativeCacheEntries(int entries) {
      this.maxNegativeCacheEntries =
          options.setWithin("maxNegativeCacheEntries", entries, 1, MAX_ENTRIES);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * Tolerance for an answer's {@code exp} and {@code nbf}, as {@link
     * JwtAccessTokenValidator.Builder#allowedClockSkew} for a JWT's. Default 30 s, at most 5 min.
     */
    public Builder allowedClockSkew(Duration skew) {
      this.allowedClockSkew =
          options.setWithin("allowedClockSkew", skew, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    /**
     * Accepts a plain http endpoint on a host other than loopback, for a network that protects the
     * traffic itself (a service mesh with mTLS). Default: refused.
     */
    public Builder allowInsecureEndpoint(boolean allow) {
      this.allowInsecureEndpoint = options.set("allowInsecureEndpoint", allow);
      return this;
    }

    /**
     * @throws IllegalStateException without an endpoint
     * @throws IllegalArgumentException when the endpoint is not an absolute http(s) URL, or uses
     *     plain http outside loopback without {@link #allowInsecureEndpoint}
     */
    public IntrospectionAccessTokenValidator build() {
      if (endpoint == null) {
        throw new IllegalStateException("endpoint is required");
      }
      LoopbackHost.requireSecure(
          endpoint,
          allowInsecureEndpoint,
          "the introspection endpoint",
          "allowInsecureEndpoint",
          "each call carries the client secret, and whoever can alter an answer in transit can"
              + " make any token active");
      return new IntrospectionAccessTokenValidator(this);
    }
  }
}
