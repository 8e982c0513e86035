package org.dpop4j.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A resource protected as a whole. */
@Path("/account")
@DpopProtected
public class AccountResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String account(@Context SecurityContext security) {
    return "account=" + security.getUserPrincipal().getName();
  }
}
