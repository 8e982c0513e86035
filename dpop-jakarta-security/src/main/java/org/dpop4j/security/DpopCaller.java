package org.dpop4j.security;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.core.http.DpopRequestAttributes;

/**
 * The DPoP caller of the current request, for CDI: inject {@code DpopCaller} anywhere (it is
 * request scoped, so an application-scoped bean sees each request's caller), or inject {@link
 * VerifiedProof}, {@link AccessToken} or {@link DpopPrincipal} directly into a request-scoped
 * bean such as a JAX-RS resource.
 *
 * <p>The direct injections are {@code @Dependent}, because the core types are final and so cannot
 * be proxied: each takes the value of the request during which its bean was created. Injecting
 * one where no DPoP caller was authenticated fails with {@link IllegalStateException} instead of
 * handing out {@code null}.
 */
@SuppressWarnings("exports") // CDI, there on the servers that use it
@RequestScoped
public class DpopCaller {

  private final HttpServletRequest request;

  @Inject
  DpopCaller(HttpServletRequest request) {
    this.request = request;
  }

  /** For the CDI proxy only. */
  protected DpopCaller() {
    this.request = null;
  }

  /** The authenticated caller at a resource server; empty before, or at a token endpoint. */
  public Optional<DpopPrincipal> principal() {
    return attribute(DpopRequestAttributes.PRINCIPAL, DpopPrincipal.class);
  }

  /** The request's verified proof, in both modes; empty when no proof was accepted. */
  public Optional<VerifiedProof> proof() {
    return attribute(DpopRequestAttributes.PROOF, VerifiedProof.class);
  }

  /** The validated access token at a resource server. */
  public Optional<AccessToken> accessToken() {
    return attribute(DpopRequestAttributes.ACCESS_TOKEN, AccessToken.class);
  }

  @Produces
  @Dependent
  VerifiedProof currentProof() {
    return proof().orElseThrow(() -> absent("verified DPoP proof"));
  }

  @Produces
  @Dependent
  AccessToken currentAccessToken() {
    return accessToken().orElseThrow(() -> absent("DPoP-bound access token"));
  }

  @Produces
  @Dependent
  DpopPrincipal currentPrincipal() {
    return principal().orElseThrow(() -> absent("DPoP caller"));
  }

  private <T> Optional<T> attribute(String name, Class<T> type) {
    Object value = request.getAttribute(name);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  private static IllegalStateException absent(String what) {
    return new IllegalStateException(
        "this request has no " + what + ": inject it only where DPoP authentication passed");
  }
}
