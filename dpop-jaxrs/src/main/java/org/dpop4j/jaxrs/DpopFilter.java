package org.dpop4j.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.HttpRefusal;

/**
 * Authenticates requests to {@link DpopProtected} resources through the core's {@link DpopGate},
 * and answers refusals with its {@link HttpRefusal} as it is. Registered by {@link DpopFeature}
 * for every request, not name-bound, since name binding misses sub-resource locators: {@link
 * ProtectedChain} tells, once the request is matched, which requests need DPoP.
 */
final class DpopFilter implements ContainerRequestFilter, ContainerResponseFilter {

  /** The nonce to send with the response, from the request to its response. */
  private static final String NONCE_TO_OFFER = "org.dpop4j.jaxrs.nonce_to_offer";

  private final DpopGate gate;

  @Context private ResourceInfo resourceInfo;
  @Context private Application application;

  /** Whether the application is marked as a whole; it does not change once deployed. */
  private volatile Boolean everythingProtected;

  DpopFilter(DpopGate gate) {
    this.gate = gate;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!everythingProtected() && !ProtectedChain.requiresDpop(resourceInfo, request.getUriInfo())) {
      return;
    }
    DpopGate.Verdict verdict = gate.check(JaxrsIncomingRequest.of(request));
    if (verdict instanceof DpopGate.Accepted accepted) {
      accepted.attributes().forEach(request::setProperty);
      accepted.nonceToOffer().ifPresent(nonce -> request.setProperty(NONCE_TO_OFFER, nonce));
      if (accepted instanceof DpopGate.Authenticated authenticated) {
        request.setSecurityContext(
            new DpopSecurityContext(authenticated.principal(), accepted.secure()));
      }
    } else {
      request.abortWith(response(((DpopGate.Refused) verdict).response()));
    }
  }

  private boolean everythingProtected() {
    Boolean known = everythingProtected;
    if (known == null) {
      known = ProtectedChain.marksEverything(application);
      everythingProtected = known;
    }
    return known;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(NONCE_TO_OFFER) instanceof String nonce) {
      response.getHeaders().putSingle("DPoP-Nonce", nonce);
    }
  }

  private static Response response(HttpRefusal refusal) {
    Response.ResponseBuilder response = Response.status(refusal.status());
    refusal.headers().forEach(response::header);
    refusal.contentType().ifPresent(type -> response.entity(refusal.body()).type(type));
    return response.build();
  }
}
