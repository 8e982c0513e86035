package org.dpop4j.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;

/**
 * Protects {@link DpopProtected} resources with DPoP (RFC 9449). Register an instance in the
 * {@code Application}:
 *
 * <pre>{@code
 * public Set<Object> getSingletons() {
 *   return Set.of(new DpopFeature(DpopSettings.from(properties::getProperty)));
 * }
 * }</pre>
 *
 * <p>An accepted request carries a {@code SecurityContext} whose principal is a {@link
 * org.dpop4j.core.http.DpopPrincipal} (the token's subject, with the token and the verified
 * proof), whose scheme is {@value #AUTHENTICATION_SCHEME}, whose roles come from the configured
 * claim and whose {@code isSecure()} tells whether the client used https. The request properties
 * named in {@link org.dpop4j.core.http.DpopRequestAttributes} are set too. A refused request is
 * answered exactly as the servlet filter answers it.
 *
 * <p>On Jersey the feature closes its settings (a replay cache they opened, such as a Terracotta
 * connection) when the application stops; RESTEasy offers providers no such callback, so there
 * the application closes them.
 *
 * <p>When {@link DpopSettings} trust proxies, the peer address is read from the servlet request
 * underneath, so the application must run on a servlet-based JAX-RS runtime.
 */
public final class DpopFeature implements Feature {

  /** What {@code SecurityContext.getAuthenticationScheme()} returns. */
  public static final String AUTHENTICATION_SCHEME = "DPoP";

  private final DpopSettings settings;

  /** Protects resources as {@code settings} say. */
  public DpopFeature(DpopSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Protects resources with {@code authenticator}, without proxies, with scopes as roles. */
  public DpopFeature(DpopAuthenticator authenticator) {
    this(DpopSettings.resourceServer(authenticator).build());
  }

  @Override
  public boolean configure(FeatureContext context) {
    context.register(new DpopFilter(DpopGate.of(settings)), Priorities.AUTHENTICATION);
    if (settings.targetUriResolver().trustsProxies()) {
      context.register(new PeerAddressFilter(), Priorities.AUTHENTICATION - 1);
    }
    if (runsOnJersey()) {
      context.register(new JerseyShutdown(settings));
    }
    return true;
  }

  /** Checked here: {@link JerseyShutdown} itself cannot be loaded without Jersey. */
  private static boolean runsOnJersey() {
    try {
      Class.forName(
          "org.glassfish.jersey.server.spi.ContainerLifecycleListener",
          false,
          DpopFeature.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
