package org.dpop4j.jca.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * What a {@link DpopClient} needs of an authorization server's metadata (RFC 8414, or OpenID
 * Connect Discovery): its {@code token_endpoint} and the proof algorithms it accepts, {@code
 * dpop_signing_alg_values_supported} (RFC 9449 §5.1). Immutable.
 */
public final class AuthorizationServerMetadata {

  private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
  /** For the response headers, and then again for the body (see {@link BoundedBody}). */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI tokenEndpoint;
  private final List<String> dpopSigningAlgValuesSupported;

  private AuthorizationServerMetadata(URI tokenEndpoint, List<String> algorithms) {
    this.tokenEndpoint = tokenEndpoint;
    this.dpopSigningAlgValuesSupported = List.copyOf(algorithms);
  }

  /** Metadata known without fetching it; an empty list means the server does not say. */
  public static AuthorizationServerMetadata of(
      URI tokenEndpoint, List<String> dpopSigningAlgValuesSupported) {
    Objects.requireNonNull(dpopSigningAlgValuesSupported, "dpopSigningAlgValuesSupported");
    dpopSigningAlgValuesSupported.forEach(alg -> Objects.requireNonNull(alg, "algorithm"));
    return new AuthorizationServerMetadata(
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint"), dpopSigningAlgValuesSupported);
  }

  /**
   * Fetches the metadata document at {@code metadataUri}, such as {@code
   * https://as.example.com/.well-known/oauth-authorization-server} or Keycloak's {@code
   * .../realms/{realm}/.well-known/openid-configuration}.
   *
   * @throws IOException if it cannot be fetched or has no absolute {@code token_endpoint}
   */
  public static AuthorizationServerMetadata fetch(HttpClient httpClient, URI metadataUri)
      throws IOException, InterruptedException {
    Objects.requireNonNull(httpClient, "httpClient");
    HttpResponse<String> response;
    try {
      response =
          httpClient.send(
              HttpRequest.newBuilder(Objects.requireNonNull(metadataUri, "metadataUri"))
                  .timeout(TIMEOUT)
                  .header("Accept", "application/json")
                  .build(),
              BoundedBody.upTo(MAX_DOCUMENT_BYTES, TIMEOUT));
    } catch (IOException e) {
      BoundedBody.CutOff cutOff = BoundedBody.CutOff.in(e).orElseThrow(() -> e);
      throw new IOException(
          "the authorization server metadata at " + metadataUri
              + (cutOff instanceof BoundedBody.TooSlow
                  ? " was not complete " + TIMEOUT.toSeconds() + " s after its headers and was cut"
                      + " off"
                  : " is larger than " + MAX_DOCUMENT_BYTES + " bytes and was not read"),
          e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "the authorization server metadata at " + metadataUri + " answered HTTP "
              + response.statusCode());
    }
    Map<String, Object> document;
    try {
      document = JsonUtil.parseJson(response.body());
    } catch (JoseException e) {
      throw new IOException("the authorization server metadata is not a JSON object", e);
    }
    URI tokenEndpoint = absoluteTokenEndpoint(document.get("token_endpoint"));
    List<String> algorithms =
        document.get("dpop_signing_alg_values_supported") instanceof List<?> values
            ? values.stream().filter(String.class::isInstance).map(String.class::cast).toList()
            : List.of();
    return new AuthorizationServerMetadata(tokenEndpoint, algorithms);
  }

  /** The document's {@code token_endpoint}, when it is an absolute URI. */
  private static URI absoluteTokenEndpoint(Object member) throws IOException {
    if (member instanceof String endpoint) {
      try {
        URI uri = new URI(endpoint);
        if (uri.isAbsolute()) {
          return uri;
        }
      } catch (URISyntaxException e) {
        throw new IOException("the authorization server metadata's token_endpoint is no URI", e);
      }
    }
    throw new IOException("the authorization server metadata has no absolute token_endpoint");
  }

  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** The proof {@code alg} values the server accepts; empty when it does not say. */
  public List<String> dpopSigningAlgValuesSupported() {
    return dpopSigningAlgValuesSupported;
  }

  @Override
  public String toString() {
    return "AuthorizationServerMetadata{tokenEndpoint=" + tokenEndpoint
        + ", dpopSigningAlgValuesSupported=" + dpopSigningAlgValuesSupported + "}";
  }
}
