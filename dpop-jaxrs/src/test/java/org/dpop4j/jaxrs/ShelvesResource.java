package org.dpop4j.jaxrs;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * An unmarked sub-resource whose own locators nest one level deeper; the open template also
 * matches the protected literal, which wins by JAX-RS precedence.
 */
public class ShelvesResource {

  @DpopProtected
  @Path("rare")
  public SecretsResource rare() {
    return new SecretsResource("rare");
  }

  @Path("{shelf}")
  public SecretsResource shelf(@PathParam("shelf") String shelf) {
    return new SecretsResource(shelf);
  }
}
