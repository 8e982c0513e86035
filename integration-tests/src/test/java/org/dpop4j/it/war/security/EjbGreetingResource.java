package org.dpop4j.it.war.security;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Open itself, a caller of the EJB that {@code @RolesAllowed} protects: the EJB decides, and its
 * {@code EJBAccessException} is answered by dpop-jakarta-security's mapper, not by this
 * application.
 */
@Path("greeting/ejb")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class EjbGreetingResource {

  @EJB private GreetingBean greetings;

  @GET
  public String ejb() {
    return greetings.greet();
  }
}
