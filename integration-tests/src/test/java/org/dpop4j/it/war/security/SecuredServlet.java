package org.dpop4j.it.war.security;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain servlet that knows nothing about DPoP: a web.xml security constraint is its only
 * protection, and it answers with what the container says about the caller.
 */
public class SecuredServlet extends HttpServlet {

  /** The role the constraint demands, and the scope the test clients ask for. */
  public static final String ROLE = "greetings.read";

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter()
        .write("servlet hello " + request.getRemoteUser() + " " + ROLE + "="
            + request.isUserInRole(ROLE));
  }
}
