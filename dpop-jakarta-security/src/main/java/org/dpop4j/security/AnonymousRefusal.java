package org.dpop4j.security;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.dpop4j.core.HttpRefusal;

/**
 * What the JAX-RS exception mappers answer when a runtime's own authorization refuses a request:
 * the DPoP challenge when the request is anonymous, the runtime's 403 otherwise.
 */
final class AnonymousRefusal {

  private AnonymousRefusal() {}

  /**
   * The mechanism is looked up in CDI for each refusal: the runtime instantiates the mappers
   * itself, and the mechanism is the application's, started with it.
   */
  static Response answer(HttpServletRequest request, Supplier<Response> forbidden) {
    return CDI.current().select(DpopAuthenticationMechanism.class).get()
        .challengeForAnonymous(request)
        .map(AnonymousRefusal::response)
        .orElseGet(forbidden);
  }

  /** {@code refusal} as it is: status, headers and body, as every adapter sends it. */
  private static Response response(HttpRefusal refusal) {
    Response.ResponseBuilder response = Response.status(refusal.status());
    refusal.headers().forEach(response::header);
    refusal.contentType().ifPresent(type -> response.entity(refusal.body()).type(type));
    return response.build();
  }
}
