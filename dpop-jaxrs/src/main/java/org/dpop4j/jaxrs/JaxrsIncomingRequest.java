package org.dpop4j.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;
import org.dpop4j.core.http.IncomingRequest;

/** A JAX-RS request as the core sees it; JAX-RS header maps ignore the case of names. */
final class JaxrsIncomingRequest implements IncomingRequest {

  private final ContainerRequestContext request;

  JaxrsIncomingRequest(ContainerRequestContext request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String requestUrl() {
    return request.getUriInfo().getRequestUri().toString();
  }

  /** Known only when {@link PeerAddressFilter} runs, which it does when proxies are trusted. */
  @Override
  public Optional<String> peerAddress() {
    return request.getProperty(PeerAddressFilter.PEER_ADDRESS) instanceof String address
        ? Optional.of(address)
        : Optional.empty();
  }

  @Override
  public List<String> headerValues(String name) {
    List<String> values = request.getHeaders().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  /** Query parameters: a filter cannot read a form body without taking it from the resource. */
  @Override
  public List<String> parameterValues(String name) {
    List<String> values = request.getUriInfo().getQueryParameters().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }
}
