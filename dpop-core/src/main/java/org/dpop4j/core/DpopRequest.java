package org.dpop4j.core;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verifier needs to know about one HTTP request: its method, the target URI as the client
 * addressed it, every {@code DPoP} header value received, and what the proof must be bound to.
 * Create one with {@link #toResourceServer} or {@link #toTokenEndpoint}.
 */
public final class DpopRequest {

  private final DpopMode mode;
  private final String method;
  private final URI targetUri;
  private final List<String> dpopHeaderValues;
  private final String accessToken;
  private final String requiredThumbprint;

  private DpopRequest(
      DpopMode mode,
      String method,
      URI targetUri,
      List<String> dpopHeaderValues,
      String accessToken,
      String requiredThumbprint) {
    this.mode = mode;
    this.method = Objects.requireNonNull(method, "method");
    this.targetUri = Objects.requireNonNull(targetUri, "targetUri");
    this.dpopHeaderValues = List.copyOf(dpopHeaderValues);
    this.accessToken = accessToken;
    this.requiredThumbprint = requiredThumbprint;
  }

  /**
   * A request to a protected resource with a DPoP-bound access token.
   *
   * @param tokenThumbprint the token's {@code cnf.jkt}: the proof must be signed by that key
   */
  public static DpopRequest toResourceServer(
      String method,
      URI targetUri,
      List<String> dpopHeaderValues,
      String accessToken,
      String tokenThumbprint) {
    return new DpopRequest(
        DpopMode.RESOURCE_SERVER,
        method,
        targetUri,
        dpopHeaderValues,
        Objects.requireNonNull(accessToken, "accessToken"),
        Objects.requireNonNull(tokenThumbprint, "tokenThumbprint"));
  }

  /**
   * A token request to an authorization server.
   *
   * @param dpopJkt the {@code dpop_jkt} the authorization server stored with the authorization
   *     code when its authorization request bound it to a key (RFC 9449 §10; see {@link
   *     AuthorizationCodeBinding}); a mismatch is {@link RefusalReason#DPOP_JKT_MISMATCH}. Never a
   *     parameter of the token request itself: whoever redeems a stolen code writes that request.
   */
  public static DpopRequest toTokenEndpoint(
      String method, URI targetUri, List<String> dpopHeaderValues, Optional<String> dpopJkt) {
    return new DpopRequest(
        DpopMode.TOKEN_ENDPOINT, method, targetUri, dpopHeaderValues, null, dpopJkt.orElse(null));
  }

  public DpopMode mode() {
    return mode;
  }

  public String method() {
    return method;
  }

  public URI targetUri() {
    return targetUri;
  }

  public List<String> dpopHeaderValues() {
    return dpopHeaderValues;
  }

  /** The access token, for requests to a resource server. */
  public Optional<String> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  /** The JWK thumbprint the proof's key must have, when the request names one. */
  public Optional<String> requiredThumbprint() {
    return Optional.ofNullable(requiredThumbprint);
  }
}
