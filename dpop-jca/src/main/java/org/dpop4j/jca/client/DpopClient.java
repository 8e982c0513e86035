package org.dpop4j.jca.client;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dpop4j.jca.DpopProofFactory;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Sends requests with DPoP (RFC 9449) through a {@link HttpClient}: a fresh proof on every
 * request, the latest {@code DPoP-Nonce} of each origin in the proof, and one retry (never more)
 * when a server answers {@code use_dpop_nonce}. With {@link ClientCredentials} it also obtains
 * DPoP-bound access tokens and reuses each until shortly before it expires or a resource server
 * answers {@code invalid_token}. With credentials made from {@link AuthorizationServerMetadata},
 * every proof (to the token endpoint and to resource servers) names the key's algorithm as the
 * authorization server advertises it ({@code EdDSA} for Ed25519 when it does not list {@code
 * Ed25519}).
 *
 * <p>Immutable configuration, thread-safe; share one instance per client key.
 *
 * <pre>{@code
 * DpopClient client = DpopClient.builder(proofFactory)
 *     .clientCredentials(ClientCredentials.of(tokenEndpoint, "client-42", secret))
 *     .build();
 * HttpResponse<String> response = client.sendWithAccessToken(
 *     HttpRequest.newBuilder(URI.create("https://api.example.com/orders")).build(),
 *     HttpResponse.BodyHandlers.ofString());
 * }</pre>
 */
public final class DpopClient {

  private static final Pattern USE_DPOP_NONCE =
      Pattern.compile("(?i)\\bdpop\\b.*\\berror\\s*=\\s*\"?use_dpop_nonce\\b");
  private static final Pattern INVALID_TOKEN =
      Pattern.compile("(?i)\\bdpop\\b.*\\berror\\s*=\\s*\"?invalid_token\\b");

  private final HttpClient httpClient;
  private final DpopProofFactory proofs;
  private final Optional<ClientCredentials> credentials;
  private final Duration refreshMargin;
  private final Clock clock;
  private final Map<String, String> noncesByOrigin = new ConcurrentHashMap<>();
  private final ReentrantLock tokenLock = new ReentrantLock();
  private volatile CachedToken cachedToken;

  private DpopClient(Builder builder) {
    this.httpClient =
        builder.httpClient != null ? builder.httpClient : HttpClient.newHttpClient();
    // The authorization server's name for the key's algorithm serves its resource servers too:
    // those that verify proofs as it does (Keycloak's own) know Ed25519 only as EdDSA.
    this.proofs =
        builder.credentials
            .map(grant -> builder.proofs.forAdvertisedAlgorithms(grant.proofAlgorithmsSupported()))
            .orElse(builder.proofs);
    this.credentials = builder.credentials;
    this.refreshMargin = builder.refreshMargin;
    this.clock = builder.clock;
  }

  public static Builder builder(DpopProofFactory proofs) {
    return new Builder(proofs);
  }

  /**
   * Sends {@code request} with a proof and no access token, for example to an authorization
   * server. Retries once if the response is a 401 {@code use_dpop_nonce} challenge.
   */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return exchange(request, Optional.empty(), handler, DpopClient::isResourceNonceChallenge);
  }

  /**
   * Sends {@code request} with {@code accessToken} ({@code Authorization: DPoP}) and a proof that
   * carries its hash. Retries once on a 401 {@code use_dpop_nonce} challenge.
   */
  public <T> HttpResponse<T> send(
      HttpRequest request, String accessToken, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return exchange(
        request,
        Optional.of(Objects.requireNonNull(accessToken, "accessToken")),
        handler,
        DpopClient::isResourceNonceChallenge);
  }

  /**
   * Sends {@code request} with the client-credentials access token, obtaining one first when
   * there is none or it is about to expire. When the resource server answers 401 {@code
   * invalid_token} (the token was revoked, or the server's clock is ahead), the token is
   * dropped and the request is sent once more with a new one; never more than once.
   *
   * @throws IllegalStateException if the client was built without {@link ClientCredentials}
   * @throws TokenRequestException if the token endpoint issues no DPoP-bound token
   */
  public <T> HttpResponse<T> sendWithAccessToken(
      HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    String token = accessToken();
    HttpResponse<T> response = send(request, token, handler);
    if (!isInvalidTokenChallenge(response)) {
      return response;
    }
    dropToken(token);
    return send(request, accessToken(), handler);
  }

  /** Forgets {@code token} unless another thread has already replaced it. */
  private void dropToken(String token) throws InterruptedException {
    tokenLock.lockInterruptibly();
    try {
      CachedToken current = cachedToken;
      if (current != null && current.value.equals(token)) {
        cachedToken = null;
      }
    } finally {
      tokenLock.unlock();
    }
  }

  /**
   * The current client-credentials access token: the cached one while it is valid for longer
   * than the refresh margin, otherwise a new one. Concurrent callers wait for a single request.
   *
   * @throws IllegalStateException if the client was built without {@link ClientCredentials}
   * @throws TokenRequestException if the token endpoint issues no DPoP-bound token
   */
  public String accessToken() throws IOException, InterruptedException {
    ClientCredentials grant =
        credentials.orElseThrow(
            () -> new IllegalStateException("the client was built without client credentials"));
    CachedToken current = cachedToken;
    if (current != null && current.usableAt(clock.instant())) {
      return current.value;
    }
    tokenLock.lockInterruptibly();
    try {
      current = cachedToken;
      if (current == null || !current.usableAt(clock.instant())) {
        current = requestToken(grant);
        cachedToken = current;
      }
      return current.value;
    } finally {
      tokenLock.unlock();
    }
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest request,
      Optional<String> accessToken,
      HttpResponse.BodyHandler<T> handler,
      Predicate<HttpResponse<T>> isNonceChallenge)
      throws IOException, InterruptedException {
    String origin = origin(request.uri());
    HttpResponse<T> response =
        httpClient.send(
            withDpop(request, accessToken, Optional.ofNullable(noncesByOrigin.get(origin))),
            handler);
    Optional<String> offeredNonce = rememberNonce(origin, response);
    if (offeredNonce.isEmpty() || !isNonceChallenge.test(response)) {
      return response;
    }
    // One retry only: a server that challenges again is misbehaving, not waiting for a nonce.
    HttpResponse<T> retried = httpClient.send(withDpop(request, accessToken, offeredNonce), handler);
    rememberNonce(origin, retried);
    return retried;
  }

  private HttpRequest withDpop(
      HttpRequest request, Optional<String> accessToken, Optional<String> nonce) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
            request,
            (name, value) ->
                !name.equalsIgnoreCase("DPoP")
                    && !(accessToken.isPresent() && name.equalsIgnoreCase("Authorization")));
    builder.header("DPoP", proofs.proof(request.method(), request.uri(), nonce, accessToken));
    accessToken.ifPresent(token -> builder.header("Authorization", "DPoP " + token));
    return builder.build();
  }

  private Optional<String> rememberNonce(String origin, HttpResponse<?> response) {
    Optional<String> nonce = response.headers().firstValue("DPoP-Nonce").filter(v -> !v.isBlank());
    nonce.ifPresent(value -> noncesByOrigin.put(origin, value));
    return nonce;
  }

  private CachedToken requestToken(ClientCredentials grant)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", grant.clientId());
    form.put("client_secret", grant.clientSecret());
    grant.scope().ifPresent(scope -> form.put("scope", scope));
    HttpRequest request =
        HttpRequest.newBuilder(grant.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    Instant requestedAt = clock.instant();
    HttpResponse<String> response =
        exchange(
            request,
            Optional.empty(),
            HttpResponse.BodyHandlers.ofString(),
            DpopClient::isTokenEndpointNonceChallenge);
    Map<String, Object> json = jsonObject(response.body());
    if (response.statusCode() != 200) {
      throw new TokenRequestException(
          "token request failed: HTTP " + response.statusCode(),
          response.statusCode(),
          json.get("error") instanceof String error ? error : null,
          json.get("error_description") instanceof String description ? description : null);
    }
    if (!(json.get("token_type") instanceof String type) || !type.equalsIgnoreCase("DPoP")) {
      // A Bearer token would be usable by anyone who steals it: the binding is the point.
      throw new TokenRequestException(
          "the token endpoint issued a token_type other than DPoP", response.statusCode(), null,
          null);
    }
    if (!(json.get("access_token") instanceof String token) || token.isEmpty()) {
      throw new TokenRequestException(
          "the token response has no access_token", response.statusCode(), null, null);
    }
    Optional<Instant> refreshAt =
        json.get("expires_in") instanceof Number seconds
            ? Optional.of(requestedAt.plusSeconds(seconds.longValue()).minus(refreshMargin))
            : Optional.empty();
    return new CachedToken(token, refreshAt);
  }

  /** RFC 6750 §3.1: 401 with {@code WWW-Authenticate: DPoP error="invalid_token"}. */
  private static boolean isInvalidTokenChallenge(HttpResponse<?> response) {
    return response.statusCode() == 401
        && response.headers().allValues("WWW-Authenticate").stream()
            .anyMatch(value -> INVALID_TOKEN.matcher(value).find());
  }

  /** RFC 9449 §9: 401 with {@code WWW-Authenticate: DPoP error="use_dpop_nonce"}. */
  private static boolean isResourceNonceChallenge(HttpResponse<?> response) {
    return response.statusCode() == 401
        && response.headers().allValues("WWW-Authenticate").stream()
            .anyMatch(value -> USE_DPOP_NONCE.matcher(value).find());
  }

  /** RFC 9449 §8: 400 with the JSON error {@code use_dpop_nonce}. */
  private static boolean isTokenEndpointNonceChallenge(HttpResponse<String> response) {
    return response.statusCode() == 400
        && "use_dpop_nonce".equals(jsonObject(response.body()).get("error"));
  }

  private static Map<String, Object> jsonObject(String body) {
    try {
      return body == null || body.isBlank() ? Map.of() : JsonUtil.parseJson(body);
    } catch (JoseException | RuntimeException e) {
      return Map.of();
    }
  }

  private static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Nonces are per server: scheme, host and port (RFC 9449 §8). */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  @Override
  public String toString() {
    return "DpopClient{" + proofs + ", " + credentials.map(Object::toString).orElse("no grant")
        + "}";
  }

  /** An access token and when to stop using it; without {@code expires_in}, it is not reused. */
  private static final class CachedToken {
    private final String value;
    private final Optional<Instant> refreshAt;

    CachedToken(String value, Optional<Instant> refreshAt) {
      this.value = value;
      this.refreshAt = refreshAt;
    }

    boolean usableAt(Instant now) {
      return refreshAt.isPresent() && now.isBefore(refreshAt.get());
    }
  }

  /** Configures a {@link DpopClient}. */
  public static final class Builder {
    private final DpopProofFactory proofs;
    private HttpClient httpClient;
    private Optional<ClientCredentials> credentials = Optional.empty();
    private Duration refreshMargin = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(DpopProofFactory proofs) {
      this.proofs = Objects.requireNonNull(proofs, "proofs");
    }

    /** The client to send through. Default: {@link HttpClient#newHttpClient()}. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** Enables {@link #sendWithAccessToken} with tokens from the client credentials grant. */
    public Builder clientCredentials(ClientCredentials credentials) {
      this.credentials = Optional.of(credentials);
      return this;
    }

    /** How long before its expiry a token is replaced. Default 30 s. */
    public Builder tokenRefreshMargin(Duration margin) {
      if (margin.isNegative()) {
        throw new IllegalArgumentException("tokenRefreshMargin must not be negative");
      }
      this.refreshMargin = margin;
      return this;
    }

    /** The clock for token expiry. Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public DpopClient build() {
      return new DpopClient(this);
    }
  }
}
