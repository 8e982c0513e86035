package org.dpop4j.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.HttpRefusal;

/**
 * What every servlet-based adapter (the filter, the Jakarta Security mechanism, the Jakarta
 * Authentication module) does alike with a {@link DpopGate} verdict. Not an API for applications.
 */
public final class ServletExchange {

  private ServletExchange() {}

  /**
   * Sets the {@link org.dpop4j.core.http.DpopRequestAttributes} of an accepted request, and the
   * {@code DPoP-Nonce} to offer on its response.
   */
  public static void apply(
      DpopGate.Accepted accepted, HttpServletRequest request, HttpServletResponse response) {
    accepted.attributes().forEach(request::setAttribute);
    accepted.nonceToOffer().ifPresent(nonce -> response.setHeader("DPoP-Nonce", nonce));
  }

  /** Writes {@code refusal} as it is: status, headers and body. */
  public static void write(HttpRefusal refusal, HttpServletResponse response) throws IOException {
    response.setStatus(refusal.status());
    refusal.headers().forEach(response::setHeader);
    byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
    if (refusal.contentType().isPresent()) {
      response.setContentType(refusal.contentType().get());
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
