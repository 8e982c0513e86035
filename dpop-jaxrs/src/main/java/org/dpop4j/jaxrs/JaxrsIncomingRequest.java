package org.dpop4j.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.dpop4j.core.http.IncomingRequest;
import org.dpop4j.core.http.RequestView;

/** A JAX-RS request as the core sees it; JAX-RS header maps ignore the case of names. */
final class JaxrsIncomingRequest {

  private JaxrsIncomingRequest() {}

  /**
   * The peer address is known only when {@link PeerAddressFilter} runs, which it does when
   * proxies are trusted; parameters are the query's, as a filter cannot read a form body without
   * taking it from the resource.
   */
  static IncomingRequest of(ContainerRequestContext request) {
    RequestView.Builder view =
        RequestView.builder(request.getMethod(), request.getUriInfo().getRequestUri().toString())
            .headers(request.getHeaders()::get)
            .parameters(request.getUriInfo().getQueryParameters()::get);
    if (request.getProperty(PeerAddressFilter.PEER_ADDRESS) instanceof String address) {
      view.peerAddress(address);
    }
    return view.build();
  }
}
