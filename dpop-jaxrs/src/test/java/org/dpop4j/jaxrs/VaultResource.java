package org.dpop4j.jaxrs;

import jakarta.ws.rs.Path;

/** A protected resource class whose only way in is a sub-resource locator. */
@Path("/vault")
@DpopProtected
public class VaultResource {

  @Path("secrets")
  public SecretsResource secrets() {
    return new SecretsResource("vault");
  }
}
