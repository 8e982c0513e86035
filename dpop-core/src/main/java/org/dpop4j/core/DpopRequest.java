package org.dpop4j.core;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a verifier needs to know about one HTTP request: its method, the target URI as the client
 * addressed it, every {@code DPoP} header value received, and what the proof must be bound to.
 * It is one of two kinds, which decide the checks (RFC 9449 §5, §7): a {@link
 * ResourceServerRequest} (create one with {@link #toResourceServer}) or a {@link
 * TokenEndpointRequest} (with {@link #toTokenEndpoint}).
 */
public sealed interface DpopRequest
    permits DpopRequest.ResourceServerRequest, DpopRequest.TokenEndpointRequest {

  /** The request method, as received. */
  String method();

  /** The URI the client addressed: scheme, host and port as it saw them. */
  URI targetUri();

  /** Every {@code DPoP} header value received; verification refuses all but exactly one. */
  List<String> dpopHeaderValues();

  /**
   * A request to a protected resource with a DPoP-bound access token: the proof must carry the
   * token's hash ({@code ath}) and be signed by the key the token is bound to.
   *
   * @param tokenThumbprint the token's {@code cnf.jkt}: the proof must be signed by that key
   */
  static ResourceServerRequest toResourceServer(
      String method,
      URI targetUri,
      List<String> dpopHeaderValues,
      String accessToken,
      String tokenThumbprint) {
    return new ResourceServerRequest(
        method, targetUri, dpopHeaderValues, accessToken, tokenThumbprint);
  }

  /**
   * A token request whose grant is bound to no key: no authorization code, or one whose
   * authorization request carried no {@code dpop_jkt}. The token will be bound to the proof's key.
   */
  static TokenEndpointRequest toTokenEndpoint(
      String method, URI targetUri, List<String> dpopHeaderValues) {
    return new TokenEndpointRequest(method, targetUri, dpopHeaderValues, new CodeBinding.None());
  }

  /**
   * A token request redeeming an authorization code bound to a key.
   *
   * @param codeDpopJkt the {@code dpop_jkt} the authorization server stored with the
   *     authorization code when its authorization request bound it to a key (RFC 9449 §10; see
   *     {@link AuthorizationCodeBinding}); a mismatch is {@link RefusalReason#DPOP_JKT_MISMATCH}.
   *     Never a parameter of the token request itself: whoever redeems a stolen code writes that
   *     request.
   */
  static TokenEndpointRequest toTokenEndpoint(
      String method, URI targetUri, List<String> dpopHeaderValues, String codeDpopJkt) {
    return new TokenEndpointRequest(
        method, targetUri, dpopHeaderValues, new CodeBinding.BoundTo(codeDpopJkt));
  }

  /** {@code dpopHeaderValues}, copied, once the parts every request has are found not null. */
  private static List<String> checkedCopy(
      String method, URI targetUri, List<String> dpopHeaderValues) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(targetUri, "targetUri");
    return List.copyOf(Objects.requireNonNull(dpopHeaderValues, "dpopHeaderValues"));
  }

  /** A request to a protected resource: see {@link DpopRequest#toResourceServer}. */
  record ResourceServerRequest(
      String method,
      URI targetUri,
      List<String> dpopHeaderValues,
      String accessToken,
      String tokenThumbprint)
      implements DpopRequest {

    public ResourceServerRequest {
      dpopHeaderValues = checkedCopy(method, targetUri, dpopHeaderValues);
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(tokenThumbprint, "tokenThumbprint");
    }

    /** Leaves the access token out: it is a credential. */
    @Override
    public String toString() {
      return "ResourceServerRequest[" + method + " " + targetUri + ", jkt=" + tokenThumbprint + "]";
    }
  }

  /** A token request to an authorization server: see {@link DpopRequest#toTokenEndpoint}. */
  record TokenEndpointRequest(
      String method, URI targetUri, List<String> dpopHeaderValues, CodeBinding codeBinding)
      implements DpopRequest {

    public TokenEndpointRequest {
      dpopHeaderValues = checkedCopy(method, targetUri, dpopHeaderValues);
      Objects.requireNonNull(codeBinding, "codeBinding");
    }

    /**
     * Leaves the proofs out, only counting them: an unverified proof is attacker text, and a
     * verified one may yet be replayed within its window by whoever reads the log.
     */
    @Override
    public String toString() {
      return "TokenEndpointRequest[" + method + " " + targetUri + ", "
          + dpopHeaderValues.size() + " DPoP header(s), " + codeBinding + "]";
    }
  }

  /** The key, if any, the authorization code of a token request is bound to (RFC 9449 §10). */
  sealed interface CodeBinding permits CodeBinding.None, CodeBinding.BoundTo {

    /** No code, or a code bound to no key. */
    record None() implements CodeBinding {}

    /** A code bound to the key whose RFC 7638 thumbprint is {@code dpopJkt}. */
    record BoundTo(String dpopJkt) implements CodeBinding {
      public BoundTo {
        Objects.requireNonNull(dpopJkt, "dpopJkt");
      }
    }
  }
}
