package org.dpop4j.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * An unmarked sub-resource, reached only through locators: whether it needs credentials depends
 * on the way in. It tells who the caller was, so a bypass shows as {@code caller=nobody}.
 */
public class SecretsResource {

  private final String via;

  SecretsResource(String via) {
    this.via = via;
  }

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String list(@Context SecurityContext security) {
    return via + " secrets, caller=" + caller(security);
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.TEXT_PLAIN)
  public String one(@PathParam("name") String name, @Context SecurityContext security) {
    return via + " secret " + name + ", caller=" + caller(security);
  }

  static String caller(SecurityContext security) {
    Principal principal = security.getUserPrincipal();
    return principal == null ? "nobody" : principal.getName();
  }
}
