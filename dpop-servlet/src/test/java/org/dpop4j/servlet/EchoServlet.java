package org.dpop4j.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.core.http.DpopRequestAttributes;

/** The protected application: tells what it learnt about the caller, one fact per line. */
final class EchoServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StringBuilder body = new StringBuilder();
    line(body, "user", request.getUserPrincipal() == null ? "none" : request.getUserPrincipal().getName());
    line(body, "authType", request.getAuthType());
    line(body, "remoteUser", request.getRemoteUser());
    line(body, "inRole.read", request.isUserInRole("read"));
    line(body, "inRole.admin", request.isUserInRole("admin"));
    line(body, "principalProofJkt",
        request.getUserPrincipal() instanceof DpopPrincipal principal ? principal.proof().thumbprint() : "none");
    line(body, "jkt", request.getAttribute(DpopRequestAttributes.JKT));
    Object proof = request.getAttribute(DpopRequestAttributes.PROOF);
    line(body, "proofHtu", proof instanceof VerifiedProof verified ? verified.htu() : "none");
    Object claims = request.getAttribute(DpopRequestAttributes.CLAIMS);
    line(body, "claims.sub", claims instanceof Map<?, ?> map ? map.get("sub") : "none");
    line(body, "grant_type", request.getParameter("grant_type"));
    response.setContentType("text/plain");
    response.getWriter().write(body.toString());
  }

  private static void line(StringBuilder body, String name, Object value) {
    body.append(name).append('=').append(value).append('\n');
  }
}
