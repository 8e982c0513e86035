package org.dpop4j.security;

import jakarta.annotation.Priority;
import jakarta.ejb.EJBAccessException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers an {@link EJBAccessException} (an EJB's {@code @RolesAllowed} refused the caller) that
 * reaches a JAX-RS resource: the RFC 9449 §7.1 DPoP challenge, 401 {@code WWW-Authenticate: DPoP
 * algs=...}, when the request is anonymous, else 403 without a body (the caller lacks the role).
 * Without it the exception would be a 500.
 *
 * <p>Discovered like {@link DpopForbiddenMapper}; it needs the Enterprise Beans API, which every
 * Jakarta EE 10 server (Web Profile included) has. An application's own mapper of {@code
 * EJBAccessException} (default priority) takes precedence.
 */
@SuppressWarnings("exports") // JAX-RS and Enterprise Beans, there on the servers that use it
@Provider
@Priority(Priorities.USER + 1000)
public class DpopEjbAccessMapper implements ExceptionMapper<EJBAccessException> {

  @Context private HttpServletRequest request;

  /** For the JAX-RS runtime, which discovers the mapper by its {@code @Provider}. */
  public DpopEjbAccessMapper() {}

  @Override
  public Response toResponse(EJBAccessException refused) {
    return AnonymousRefusal.answer(
        request, () -> Response.status(Response.Status.FORBIDDEN).build());
  }
}
