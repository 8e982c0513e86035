package org.dpop4j.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.dpop4j.core.http.HttpRefusal;

/**
 * What the JAX-RS exception mappers answer when a runtime's own authorization refuses a request:
 * the DPoP challenge when the request is anonymous, the runtime's 403 otherwise.
 */
final class AnonymousRefusal {

  private AnonymousRefusal() {}

  /**
   * {@link AnonymousChallenge}'s answer for {@code request} (null where the runtime has no
   * servlet request), else {@code forbidden}. No CDI: on Tomcat with Jersey there is none.
   */
  static Response answer(HttpServletRequest request, Supplier<Response> forbidden) {
    return AnonymousChallenge.answer(request)
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
