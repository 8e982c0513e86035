package org.dpop4j.jca.client;

import static org.dpop4j.core.internal.BuilderOptions.setOnce;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link DpopClient} obtains access tokens: the client credentials grant (RFC 6749 §4.4)
 * at {@code tokenEndpoint}, authenticating with {@code client_secret_post}. Immutable; {@link
 * #toString()} leaves out the secret. The endpoint is an absolute http(s) URI without userinfo,
 * the client ID and secret are not empty, and a scope is requested at most once: each is refused
 * when the credentials are made, not at the first token request.
 */
public final class ClientCredentials {

  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final List<String> proofAlgorithmsSupported;

  private ClientCredentials(
      URI tokenEndpoint,
      String clientId,
      String clientSecret,
      String scope,
      List<String> proofAlgorithmsSupported) {
    this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    String scheme = tokenEndpoint.getScheme();
    if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
        || tokenEndpoint.getRawAuthority() == null) {
      throw new IllegalArgumentException("tokenEndpoint must be an absolute http(s) URI");
    }
    // Refused here already, not at the first token request; the message leaves out the URI.
    // Also in a registry-based authority (a host with an underscore), which reports no userinfo.
    if (tokenEndpoint.getRawUserInfo() != null
        || (tokenEndpoint.getRawAuthority() != null
            && tokenEndpoint.getRawAuthority().indexOf('@') >= 0)) {
      throw new IllegalArgumentException(
          "tokenEndpoint must not contain userinfo (user:password@): the client authenticates"
              + " with clientId and clientSecret");
    }
    this.clientId = notEmpty(clientId, "clientId");
    this.clientSecret = notEmpty(clientSecret, "clientSecret");
    this.scope = scope;
    this.proofAlgorithmsSupported = proofAlgorithmsSupported;
  }

  public static ClientCredentials of(URI tokenEndpoint, String clientId, String clientSecret) {
    return new ClientCredentials(tokenEndpoint, clientId, clientSecret, null, List.of());
  }

  /**
   * The grant at the server's {@code token_endpoint}, with proofs signed under the algorithm name
   * it advertises ({@code EdDSA} for an Ed25519 key when it does not list {@code Ed25519}).
   */
  public static ClientCredentials of(
      AuthorizationServerMetadata metadata, String clientId, String clientSecret) {
    Objects.requireNonNull(metadata, "metadata");
    return new ClientCredentials(
        metadata.tokenEndpoint(), clientId, clientSecret, null,
        metadata.dpopSigningAlgValuesSupported());
  }

  /**
   * The same credentials, requesting {@code scope} (space-separated).
   *
   * @throws IllegalArgumentException if {@code scope} is blank
   * @throws IllegalStateException if these credentials request a scope already
   */
  public ClientCredentials withScope(String scope) {
    if (setOnce("scope", this.scope, scope).isBlank()) {
      throw new IllegalArgumentException("scope must not be blank");
    }
    return new ClientCredentials(
        tokenEndpoint, clientId, clientSecret, scope, proofAlgorithmsSupported);
  }

  private static String notEmpty(String value, String name) {
    if (Objects.requireNonNull(value, name).isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  public String clientId() {
    return clientId;
  }

  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** The authorization server's {@code dpop_signing_alg_values_supported}; empty if unknown. */
  public List<String> proofAlgorithmsSupported() {
    return proofAlgorithmsSupported;
  }

  String clientSecret() {
    return clientSecret;
  }

  @Override
  public String toString() {
    return "ClientCredentials{tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId
        + ", scope=" + scope + "}";
  }
}
