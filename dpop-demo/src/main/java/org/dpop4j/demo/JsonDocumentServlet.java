package org.dpop4j.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves one fixed JSON document: the server metadata or the JWKS. */
final class JsonDocumentServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final String json;

  JsonDocumentServlet(String json) {
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonResponses.write(response, HttpServletResponse.SC_OK, json);
  }
}
