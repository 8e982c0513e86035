package org.dpop4j.it.war;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.dpop4j.jaxrs.DpopProtected;

/** A JAX-RS resource with one method protected by the annotation and one left open. */
@Path("hello")
@Produces(MediaType.TEXT_PLAIN)
public class HelloResource {

  @GET
  @DpopProtected
  public String hello(@Context SecurityContext security) {
    return "jax-rs hello "
        + security.getUserPrincipal().getName()
        + " ("
        + security.getAuthenticationScheme()
        + ")";
  }

  @GET
  @Path("public")
  public String open() {
    return "jax-rs public";
  }
}
