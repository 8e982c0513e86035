package org.dpop4j.jaxrs;

import jakarta.ws.rs.Path;

/** An unmarked resource class whose locators differ in protection, though two return one type. */
@Path("/library")
public class LibraryResource {

  @DpopProtected
  @Path("archive")
  public SecretsResource archive() {
    return new SecretsResource("archive");
  }

  @Path("catalog")
  public SecretsResource catalog() {
    return new SecretsResource("catalog");
  }

  @Path("shelves")
  public ShelvesResource shelves() {
    return new ShelvesResource();
  }

  @Path("lockbox")
  public LockboxResource lockbox() {
    return new LockboxResource();
  }
}
