package org.dpop4j.it.war.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Protected by {@code @RolesAllowed} only, and a caller of the equally protected EJB. */
@Path("greeting")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class GreetingResource {

  @EJB private GreetingBean greetings;

  @GET
  @RolesAllowed(SecuredServlet.ROLE)
  public String hello(@Context SecurityContext security) {
    return "jax-rs hello " + security.getUserPrincipal().getName();
  }

  /**
   * Open itself: the EJB's {@code @RolesAllowed} decides, and its {@code EJBAccessException} is
   * answered by dpop-jakarta-security's mapper, not by this application.
   */
  @GET
  @Path("ejb")
  public String ejb() {
    return greetings.greet();
  }
}
