package org.dpop4j.security;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives an anonymous request that a JAX-RS runtime refuses for {@code @RolesAllowed} (RESTEasy;
 * Jersey with its {@code RolesAllowedDynamicFeature}: {@link ForbiddenException}) the RFC 9449
 * §7.1 DPoP challenge, 401 {@code WWW-Authenticate: DPoP algs=...}, instead of a 403: the web
 * container does not know such a resource as protected, so {@link DpopAuthenticationMechanism} or
 * {@link DpopServerAuthModule} let the request pass without a caller, leaving an {@link
 * AnonymousChallenge} on it. A request with a caller keeps the runtime's 403 (a missing role).
 *
 * <p>A JAX-RS provider, discovered in {@code WEB-INF/lib} by a runtime that scans the application
 * (WildFly does, for an {@code Application} that lists no classes); else register it with the
 * application's classes, as a Jersey {@code ResourceConfig} does together with {@code
 * RolesAllowedDynamicFeature}. An application's own mapper of {@code ForbiddenException} (default
 * priority) takes precedence.
 */
@SuppressWarnings("exports") // JAX-RS, there on the servers that use it
@Provider
@Priority(Priorities.USER + 1000)
public class DpopForbiddenMapper implements ExceptionMapper<ForbiddenException> {

  @Context private HttpServletRequest request;

  /** For the JAX-RS runtime, which discovers the mapper by its {@code @Provider}. */
  public DpopForbiddenMapper() {}

  @Override
  public Response toResponse(ForbiddenException refused) {
    return AnonymousRefusal.answer(request, refused::getResponse);
  }
}
