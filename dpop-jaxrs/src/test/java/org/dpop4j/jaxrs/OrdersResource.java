package org.dpop4j.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.dpop4j.core.http.DpopPrincipal;

/** A resource with one protected and one open method; it tells what it learnt of the caller. */
@Path("/orders")
public class OrdersResource {

  @GET
  @DpopProtected
  @Produces(MediaType.TEXT_PLAIN)
  public String orders(@Context SecurityContext security) {
    DpopPrincipal principal = (DpopPrincipal) security.getUserPrincipal();
    return "user=" + principal.getName() + "\n"
        + "scheme=" + security.getAuthenticationScheme() + "\n"
        + "inRole.read=" + security.isUserInRole("read") + "\n"
        + "inRole.admin=" + security.isUserInRole("admin") + "\n"
        + "secure=" + security.isSecure() + "\n"
        + "proofJkt=" + principal.proof().thumbprint() + "\n"
        + "proofHtu=" + principal.proof().htu() + "\n";
  }

  @GET
  @Path("/public")
  @Produces(MediaType.TEXT_PLAIN)
  public String open(@Context SecurityContext security) {
    return "open, authenticated=" + (security.getUserPrincipal() != null);
  }
}
