package org.dpop4j.jaxrs;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * An unmarked resource class with a marked locator whose template has a variable, beside an
 * open one whose literal template JAX-RS prefers where both match.
 */
@Path("/rooms")
public class RoomsResource {

  @DpopProtected
  @Path("{room}")
  public SecretsResource room(@PathParam("room") String room) {
    return new SecretsResource("room " + room);
  }

  @Path("lobby")
  public SecretsResource lobby() {
    return new SecretsResource("lobby");
  }
}
