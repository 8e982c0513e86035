package org.dpop4j.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A protected sub-resource class, reached through an unmarked locator. */
@DpopProtected
public class LockboxResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String open(@Context SecurityContext security) {
    return "lockbox, caller=" + SecretsResource.caller(security);
  }
}
