package org.dpop4j.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

/**
 * Records the direct peer's address, which JAX-RS does not expose, from the servlet request
 * underneath. {@link DpopFeature} registers it only when proxies are trusted, so that a
 * deployment without proxies does not need the servlet API; then for every request, like {@link
 * DpopFilter}, so that it runs wherever that filter may check one.
 */
final class PeerAddressFilter implements ContainerRequestFilter {

  static final String PEER_ADDRESS = "org.dpop4j.jaxrs.peer_address";

  @Context private HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(PEER_ADDRESS, servletRequest.getRemoteAddr());
  }
}
