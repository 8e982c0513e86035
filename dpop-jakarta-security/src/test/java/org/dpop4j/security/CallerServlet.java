package org.dpop4j.security;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.core.http.DpopRequestAttributes;

/** Tells what the container reported about the caller, one fact per line. */
final class CallerServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StringBuilder body = new StringBuilder();
    body.append("remoteUser=").append(request.getRemoteUser()).append('\n');
    body.append("inRole.greetings.read=").append(request.isUserInRole("greetings.read")).append('\n');
    body.append("principalJkt=")
        .append(request.getUserPrincipal() instanceof DpopPrincipal caller
            ? caller.proof().thumbprint() : "none")
        .append('\n');
    body.append("jkt=").append(request.getAttribute(DpopRequestAttributes.JKT)).append('\n');
    body.append("anonymousChallenge=")
        .append(AnonymousChallenge.answer(request)
            .map(challenge -> challenge.status() + " " + challenge.headers().get("WWW-Authenticate"))
            .orElse("none"))
        .append('\n');
    response.setContentType("text/plain");
    response.getWriter().write(body.toString());
  }
}
