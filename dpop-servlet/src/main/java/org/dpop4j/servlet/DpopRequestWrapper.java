package org.dpop4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.dpop4j.core.http.DpopPrincipal;

/** The request an application sees after DPoP authentication at a resource server. */
final class DpopRequestWrapper extends HttpServletRequestWrapper {

  private final DpopPrincipal principal;

  DpopRequestWrapper(HttpServletRequest request, DpopPrincipal principal) {
    super(request);
    this.principal = principal;
  }

  /** A {@link DpopPrincipal}: the token's subject, with the token and the verified proof. */
  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public String getAuthType() {
    return DpopFilter.AUTH_TYPE;
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal.isInRole(role);
  }
}
