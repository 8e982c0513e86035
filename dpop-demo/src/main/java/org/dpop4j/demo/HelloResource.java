package org.dpop4j.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.jaxrs.DpopProtected;
import org.jose4j.json.JsonUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/jaxrs/hello}, protected by {@code DpopFeature}. */
@Path("/hello")
@DpopProtected
public class HelloResource {

  private static final Logger LOG = LoggerFactory.getLogger(HelloResource.class);

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response hello(
      @Context SecurityContext security, @Context HttpServletRequest request) {
    DpopPrincipal caller = (DpopPrincipal) security.getUserPrincipal();
    LOG.info("DpopFeature accepted {} {} from {}: sub {}, jkt {}", request.getMethod(),
        request.getRequestURI(), request.getRemoteAddr(), caller.getName(),
        caller.proof().thumbprint());
    CacheControl noStore = new CacheControl();
    noStore.setNoStore(true);
    return Response.ok(JsonUtil.toJson(Greeting.of(caller, "JAX-RS feature")))
        .cacheControl(noStore)
        .build();
  }
}
