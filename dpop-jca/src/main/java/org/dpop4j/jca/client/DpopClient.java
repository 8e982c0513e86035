package org.dpop4j.jca.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.internal.BuilderOptions;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.ProofClaims;

/**
 * Sends requests with DPoP (RFC 9449) through a {@link HttpClient}: a fresh proof on every
 * request, the latest {@code DPoP-Nonce} of each origin in the proof (of the 256 origins used
 * most recently), and one retry (never more) when a server answers {@code use_dpop_nonce}. With {@link ClientCredentials} it also obtains
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

  private static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(30);
  private static final Duration DEFAULT_TOKEN_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MIN_TOKEN_REQUEST_TIMEOUT = Duration.ofMillis(100);
  /** Beyond this, a stalled token endpoint holds every caller waiting for a token too long. */
  private static final Duration MAX_TOKEN_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final SigningSender sender;
  private final Optional<ClientCredentials> credentials;
  private final Optional<TokenCache> tokens;

  private DpopClient(Builder builder) {
    for (String tokenOption : new String[] {"tokenRefreshMargin", "tokenRequestTimeout"}) {
      if (builder.options.isSet(tokenOption) && builder.credentials == null) {
        throw new IllegalStateException(
            tokenOption + " is set without the clientCredentials whose tokens it concerns");
      }
    }
    this.credentials = Optional.ofNullable(builder.credentials);
    // The authorization server's name for the key's algorithm serves its resource servers too:
    // those that verify proofs as it does (Keycloak's own) know Ed25519 only as EdDSA.
    DpopProofFactory proofs =
        credentials
            .map(grant -> builder.proofs.forAdvertisedAlgorithms(grant.proofAlgorithmsSupported()))
            .orElse(builder.proofs);
    this.sender =
        new SigningSender(
            builder.httpClient != null ? builder.httpClient : HttpClient.newHttpClient(), proofs);
    Clock clock = Objects.requireNonNullElseGet(builder.clock, Clock::systemUTC);
    Duration refreshMargin =
        Objects.requireNonNullElse(builder.refreshMargin, DEFAULT_REFRESH_MARGIN);
    Duration timeout =
        Objects.requireNonNullElse(builder.tokenRequestTimeout, DEFAULT_TOKEN_REQUEST_TIMEOUT);
    this.tokens =
        credentials.map(
            grant ->
                new TokenCache(
                    new TokenEndpoint(grant, sender, refreshMargin, timeout, clock), clock));
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
    return sender.send(
        Objects.requireNonNull(request, "request"),
        ProofClaims.none(),
        Objects.requireNonNull(handler, "handler"),
        Challenges::isUseDpopNonce);
  }

  /**
   * Sends {@code request} with {@code accessToken} ({@code Authorization: DPoP}) and a proof that
   * carries its hash. Retries once on a 401 {@code use_dpop_nonce} challenge.
   */
  public <T> HttpResponse<T> send(
      HttpRequest request, String accessToken, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return sender.send(
        Objects.requireNonNull(request, "request"),
        ProofClaims.accessToken(accessToken),
        Objects.requireNonNull(handler, "handler"),
        Challenges::isUseDpopNonce);
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
    TokenCache cache = tokenCache();
    String token = cache.token();
    HttpResponse<T> response = send(request, token, handler);
    if (!Challenges.isInvalidToken(response)) {
      return response;
    }
    cache.drop(token);
    return send(request, cache.token(), handler);
  }

  /**
   * The current client-credentials access token: the cached one while it is valid for longer
   * than the refresh margin, otherwise a new one. Concurrent callers wait for a single request.
   *
   * @throws IllegalStateException if the client was built without {@link ClientCredentials}
   * @throws TokenRequestException if the token endpoint issues no DPoP-bound token, answers
   *     with more than 64 KiB, or does not finish its answer's body within the {@link
   *     Builder#tokenRequestTimeout token request timeout}
   * @throws java.net.http.HttpTimeoutException if its response headers do not arrive within
   *     that timeout
   */
  public String accessToken() throws IOException, InterruptedException {
    return tokenCache().token();
  }

  private TokenCache tokenCache() {
    return tokens.orElseThrow(
        () -> new IllegalStateException("the client was built without client credentials"));
  }

  @Override
  public String toString() {
    return "DpopClient{" + sender.proofs() + ", "
        + credentials.map(Object::toString).orElse("no grant") + "}";
  }

  /** Configures a {@link DpopClient}; each option may be set once. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final DpopProofFactory proofs;
    private HttpClient httpClient;
    private ClientCredentials credentials;
    private Duration refreshMargin;
    private Duration tokenRequestTimeout;
    private Clock clock;

    private Builder(DpopProofFactory proofs) {
      this.proofs = Objects.requireNonNull(proofs, "proofs");
    }

    /**
     * The client to send through. Default: {@link HttpClient#newHttpClient()}.
     *
     * @throws IllegalStateException if the HTTP client is already set
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = options.set("httpClient", httpClient);
      return this;
    }

    /**
     * Enables {@link #sendWithAccessToken} with tokens from the client credentials grant.
     *
     * @throws IllegalStateException if the client credentials are already set
     */
    public Builder clientCredentials(ClientCredentials credentials) {
      this.credentials = options.set("clientCredentials", credentials);
      return this;
    }

    /**
     * How long before its expiry a token is replaced. Default 30 s. Needs {@link
     * #clientCredentials}.
     *
     * @throws IllegalArgumentException if {@code margin} is negative
     * @throws IllegalStateException if the margin is already set
     */
    public Builder tokenRefreshMargin(Duration margin) {
      if (Objects.requireNonNull(margin, "tokenRefreshMargin").isNegative()) {
        throw new IllegalArgumentException("tokenRefreshMargin must not be negative");
      }
      this.refreshMargin = options.set("tokenRefreshMargin", margin);
      return this;
    }

    /**
     * How long the token endpoint may take to send its response headers, and then again to send
     * the whole body; past either, the request fails and the connection is closed. Concurrent
     * callers wait for the one token request, so this bounds how long a stalled or trickling
     * endpoint can hold all of them. From 100 ms to 5 min. Default 30 s. Needs {@link
     * #clientCredentials}.
     *
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws IllegalStateException if the timeout is already set
     */
    public Builder tokenRequestTimeout(Duration timeout) {
      this.tokenRequestTimeout =
          options.setWithin(
              "tokenRequestTimeout", timeout, MIN_TOKEN_REQUEST_TIMEOUT, MAX_TOKEN_REQUEST_TIMEOUT);
      return this;
    }

    /**
     * The clock for token expiry. Default: the system clock.
     *
     * @throws IllegalStateException if the clock is already set
     */
    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * @throws IllegalStateException if a token refresh margin or request timeout is set without
     *     client credentials
     */
    public DpopClient build() {
      return new DpopClient(this);
    }
  }
}
