package org.dpop4j.it.war.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dpop4j.core.VerifiedProof;

/** The caller's proof, injected by CDI from dpop-jakarta-security. */
@Path("proof")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ProofResource {

  @Inject private VerifiedProof proof;

  @GET
  @RolesAllowed(SecuredServlet.ROLE)
  public String thumbprint() {
    return proof.thumbprint();
  }
}
