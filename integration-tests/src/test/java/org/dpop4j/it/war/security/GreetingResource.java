package org.dpop4j.it.war.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Protected by {@code @RolesAllowed} only, with nothing but JAX-RS, so that it runs on every
 * runtime: RESTEasy on WildFly, Jersey on Tomcat.
 */
@Path("greeting")
@Produces(MediaType.TEXT_PLAIN)
public class GreetingResource {

  @GET
  @RolesAllowed(SecuredServlet.ROLE)
  public String hello(@Context SecurityContext security) {
    return "jax-rs hello " + security.getUserPrincipal().getName();
  }
}
