package org.dpop4j.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dpop4j.core.http.DpopPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/hello}, reached only through {@code DpopFilter} in resource-server mode. */
final class HelloServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(HelloServlet.class);

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    DpopPrincipal caller = (DpopPrincipal) request.getUserPrincipal();
    LOG.info("DpopFilter accepted {} {} from {}: sub {}, jkt {}", request.getMethod(),
        request.getRequestURI(), request.getRemoteAddr(), caller.getName(),
        caller.proof().thumbprint());
    JsonResponses.write(
        response, HttpServletResponse.SC_OK, Greeting.of(caller, "servlet filter"));
  }
}
