package org.dpop4j.jaxrs;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.dpop4j.core.http.DpopPrincipal;

/** The security context of a request that passed DPoP authentication. */
final class DpopSecurityContext implements SecurityContext {

  private final DpopPrincipal principal;
  private final boolean secure;

  DpopSecurityContext(DpopPrincipal principal, boolean secure) {
    this.principal = principal;
    this.secure = secure;
  }

  /** A {@link DpopPrincipal}: the token's subject, with the token and the verified proof. */
  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal.isInRole(role);
  }

  /** Whether the client used https, also when a trusted proxy terminated TLS. */
  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return DpopFeature.AUTHENTICATION_SCHEME;
  }
}
