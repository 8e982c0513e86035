package org.dpop4j.it.war;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain servlet that knows nothing about DPoP: the {@code DpopFilter} that web.xml maps in front
 * of it is its only protection. It answers with what the filter told the container about the
 * caller.
 */
public class HelloServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter()
        .write("servlet hello " + request.getRemoteUser() + " (" + request.getAuthType() + ")");
  }
}
