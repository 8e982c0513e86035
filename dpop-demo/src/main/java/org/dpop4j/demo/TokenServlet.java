package org.dpop4j.demo;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.http.DpopRequestAttributes;
import org.dpop4j.jca.AccessTokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint of the demo's authorization server: the client credentials grant (RFC 6749
 * §4.4) for one client authenticating with {@code client_secret_post}. It runs behind {@code
 * DpopFilter} in token-endpoint mode, which has verified the proof and left its key's thumbprint in
 * the {@value DpopRequestAttributes#JKT} attribute; every token is bound to it ({@code cnf.jkt}).
 */
final class TokenServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TokenServlet.class);
  private static final List<String> SINGLE_VALUED =
      List.of("grant_type", "client_id", "client_secret", "scope");

  private final transient AccessTokenSigner signer;
  private final String clientId;
  private final byte[] clientSecret;
  private final String scope;

  TokenServlet(AccessTokenSigner signer, String clientId, String clientSecret, String scope) {
    this.signer = signer;
    this.clientId = clientId;
    this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.scope = scope;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    for (String name : SINGLE_VALUED) {
      String[] values = request.getParameterValues(name);
      if (values != null && values.length > 1) {
        refuse(request, response, 400, "invalid_request", "The " + name + " parameter is repeated");
        return;
      }
    }
    String grantType = request.getParameter("grant_type");
    if (grantType == null) {
      refuse(request, response, 400, "invalid_request", "grant_type is required");
      return;
    }
    if (!grantType.equals("client_credentials")) {
      refuse(request, response, 400, "unsupported_grant_type",
          "Only the client_credentials grant is supported");
      return;
    }
    if (!authenticated(request.getParameter("client_id"), request.getParameter("client_secret"))) {
      refuse(request, response, 401, "invalid_client", "Client authentication failed");
      return;
    }
    String requestedScope = request.getParameter("scope");
    if (requestedScope != null && !requestedScope.equals(scope)) {
      refuse(request, response, 400, "invalid_scope", "The only scope is " + scope);
      return;
    }
    if (!(request.getAttribute(DpopRequestAttributes.JKT) instanceof String jkt)) {
      throw new ServletException("DpopFilter in token-endpoint mode must run before " + getClass());
    }

    String accessToken = signer.sign(clientId, Set.of(scope), jkt);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", accessToken);
    json.put("token_type", "DPoP");
    json.put("expires_in", signer.tokenLifetime().toSeconds());
    json.put("scope", scope);
    LOG.info("Token endpoint issued a DPoP token to {} bound to jkt {}", clientId, jkt);
    JsonResponses.write(response, HttpServletResponse.SC_OK, json);
  }

  /** Compares in constant time, so that response times do not reveal how much of a guess was right. */
  private boolean authenticated(String id, String secret) {
    return clientId.equals(id)
        && secret != null
        && MessageDigest.isEqual(clientSecret, secret.getBytes(StandardCharsets.UTF_8));
  }

  private static void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String error,
      String description)
      throws IOException {
    LOG.info("Token endpoint refused a request from {}: {}", request.getRemoteAddr(), error);
    JsonResponses.error(response, status, error, description);
  }
}
