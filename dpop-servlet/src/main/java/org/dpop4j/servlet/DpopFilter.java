package org.dpop4j.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopProtection;
import org.dpop4j.core.http.DpopRequestAttributes;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.servlet.internal.ServletExchange;
import org.dpop4j.servlet.internal.ServletIncomingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects the requests it is mapped to with DPoP (RFC 9449).
 *
 * <p>In {@code resource-server} mode a request passes only with a DPoP-bound access token and a
 * matching proof; the application then sees a request whose {@code getUserPrincipal()} is a
 * {@link org.dpop4j.core.http.DpopPrincipal} named by the token's subject, whose {@code
 * getAuthType()} is {@value #AUTH_TYPE} and whose {@code isUserInRole} reads the configured roles
 * claim. In {@code token-endpoint} mode a token request passes only with a valid proof (and, with
 * an {@link org.dpop4j.core.AuthorizationCodeBinding}, an authorization code bound to a key only
 * with a proof by that key), and the proof key's thumbprint waits in the {@link
 * DpopRequestAttributes#JKT} attribute for the authorization server to bind the issued token to.
 * Both modes set the attributes named in {@link DpopRequestAttributes}, and send a fresh {@code
 * DPoP-Nonce} when the client's is about to expire.
 *
 * <p>A refused request never reaches the application: the filter answers with the core's
 * {@link HttpRefusal} as it is (401/400 with {@code WWW-Authenticate} or a JSON error, 503 with
 * {@code Retry-After} when the replay store cannot answer).
 *
 * <p>Configure it with web.xml init-params named as in {@link DpopSettings} (context params named
 * {@code dpop.*} apply too, init-params win); a misspelt name or a bad value fails the
 * deployment, and what those settings opened (a clustered replay store) is closed in {@link
 * #destroy}. Or construct it with {@link #DpopFilter(DpopProtection)} and register it through
 * {@code ServletContext.addFilter}; the protection's owner then closes what it opened.
 */
public final class DpopFilter implements Filter {

  /** What {@code getAuthType()} returns for a DPoP-authenticated request. */
  public static final String AUTH_TYPE = "DPoP";

  private static final Logger LOG = LoggerFactory.getLogger(DpopFilter.class);

  private volatile DpopGate gate;
  /** Settings this filter parsed from init-params itself, and so must close on destroy. */
  private volatile DpopSettings ownSettings;

  /** For web.xml: the settings are read from the init-params in {@link #init}. */
  public DpopFilter() {}

  /** For programmatic registration: this protection is used and init-params are ignored. */
  public DpopFilter(DpopProtection protection) {
    this.gate = DpopGate.of(Objects.requireNonNull(protection, "protection"));
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (gate != null) {
      return;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : Collections.list(config.getServletContext().getInitParameterNames())) {
      if (name.startsWith("dpop.")) {
        settings.put(name, config.getServletContext().getInitParameter(name));
      }
    }
    for (String name : Collections.list(config.getInitParameterNames())) {
      settings.put(name, config.getInitParameter(name));
    }
    try {
      ownSettings = DpopSettings.from(settings);
      gate = DpopGate.of(ownSettings.protection());
    } catch (IllegalArgumentException e) {
      throw new ServletException(
          "DPoP filter '" + config.getFilterName() + "' is misconfigured: " + e.getMessage(), e);
    }
    LOG.info("DPoP filter '{}' protects with {}", config.getFilterName(), gate.protection());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (gate == null) {
      throw new ServletException("DPoP filter used before init");
    }
    if (!(request instanceof HttpServletRequest httpRequest)
        || !(response instanceof HttpServletResponse httpResponse)) {
      throw new ServletException("DPoP filter protects HTTP requests only");
    }
    DpopGate.Verdict verdict = gate.check(ServletIncomingRequest.of(httpRequest));
    if (verdict instanceof DpopGate.Accepted accepted) {
      ServletExchange.apply(accepted, httpRequest, httpResponse);
      HttpServletRequest forward =
          accepted instanceof DpopGate.Authenticated authenticated
              ? new DpopRequestWrapper(httpRequest, authenticated.principal())
              : httpRequest;
      chain.doFilter(forward, httpResponse);
    } else {
      ServletExchange.write(((DpopGate.Refused) verdict).response(), httpResponse);
    }
  }

  /** Closes a replay cache created from init-params, such as a Terracotta connection. */
  @Override
  public void destroy() {
    if (ownSettings != null) {
      ownSettings.close();
    }
  }
}
