package org.dpop4j.security;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;
import java.util.Optional;
import org.dpop4j.core.http.DpopRequestAttributes;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.servlet.internal.ServletIncomingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DPoP (RFC 9449) as the application's Jakarta Security 3.0 authentication mechanism: web.xml
 * security constraints, {@code @RolesAllowed} on JAX-RS resources and EJBs, {@code
 * isUserInRole} and {@code SecurityContext.getCallerPrincipal()} all see the caller of a
 * DPoP-bound access token.
 *
 * <p>It is active in every CDI-enabled web application that has this jar in {@code WEB-INF/lib}:
 * the jar is a bean archive, and a Jakarta EE runtime uses the one {@link
 * HttpAuthenticationMechanism} bean it finds. Adding the jar is the opt-in; an application that
 * defines a mechanism of its own gets an ambiguous-dependency error at deployment, never a silent
 * choice.
 *
 * <p>The settings are the {@code dpop.*} names of {@link DpopSettings}, from MicroProfile Config
 * when present, else from context params; they are read when the application starts, so a bad
 * value fails the deployment, and a replay cache they open is closed when it stops.
 *
 * <ul>
 *   <li>A request without credentials to a resource the container does not protect passes
 *       untouched ({@code doNothing()}).
 *   <li>A resource-server request that passes {@link DpopGate} is reported with {@code
 *       notifyContainerAboutLogin}: the token's subject as a {@link
 *       org.dpop4j.core.http.DpopPrincipal} and the values of the roles claim as groups. A missing
 *       role is the container's 403, after authentication.
 *   <li>A refused request is answered with the core's {@code HttpRefusal} (status, headers, body),
 *       as the servlet filter answers it: a protected resource without credentials gets 401 with
 *       {@code WWW-Authenticate: DPoP algs=...}, never a login page or a 403.
 *   <li>In {@code token-endpoint} mode a valid proof's attributes are set and the request goes on
 *       unauthenticated: the token endpoint authenticates its clients itself.
 * </ul>
 */
@SuppressWarnings("exports") // CDI and Jakarta Security, there on the servers that use it
@ApplicationScoped
public class DpopAuthenticationMechanism implements HttpAuthenticationMechanism {

  private static final Logger LOG = LoggerFactory.getLogger(DpopAuthenticationMechanism.class);

  private volatile DpopSettings settings;
  private volatile DpopGate gate;

  /** For CDI, which creates the one instance of the application. */
  public DpopAuthenticationMechanism() {}

  /**
   * Reads the settings when the web application starts, so that a bad value fails the deployment
   * instead of the first request.
   */
  synchronized void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    if (gate != null) {
      return;
    }
    try {
      settings = SettingsSource.read(context);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "DPoP authentication of " + context.getContextPath() + " is misconfigured: "
              + e.getMessage(), e);
    }
    gate = DpopGate.of(settings.protection());
    LOG.info("DPoP authentication mechanism of '{}' protects with {}",
        context.getContextPath(), settings);
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    DpopGate current = gate;
    if (current == null) {
      throw new AuthenticationException("the DPoP mechanism was called before its application started");
    }
    ContainerCheck.Outcome outcome;
    try {
      outcome =
          ContainerCheck.check(
              current, request, response, context.isProtected() || context.isAuthenticationRequest());
    } catch (IOException e) {
      throw new AuthenticationException(e);
    }
    if (outcome instanceof ContainerCheck.Authenticated authenticated) {
      return context.notifyContainerAboutLogin(
          authenticated.caller(), authenticated.caller().roles());
    }
    if (outcome instanceof ContainerCheck.Refused) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    return context.doNothing();
  }

  /** Closes a replay cache the settings opened, such as a Terracotta connection. */
  @PreDestroy
  synchronized void stop() {
    if (settings != null) {
      settings.close();
      settings = null;
      gate = null;
    }
  }
}
