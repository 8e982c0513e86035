package org.dpop4j.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopProtection;
import org.dpop4j.core.http.ResourceServerProtection;

/**
 * Protects {@link DpopProtected} resources with DPoP (RFC 9449). Register an instance in the
 * {@code Application}:
 *
 * <pre>{@code
 * public Set<Object> getSingletons() {
 *   return Set.of(new DpopFeature(DpopSettings.from(properties)));
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
 * <p>Settings are strict: a misspelt {@code dpop.*} name in the properties fails the deployment.
 * A feature built from {@link DpopSettings} closes them (a replay cache they opened, such as a
 * Terracotta connection) when the application stops: on Jersey through its container lifecycle
 * listener, in any servlet container (RESTEasy on WildFly included, which calls providers nothing
 * back on undeploy) through {@link WebAppShutdown}, which the container starts from the jar's
 * {@code META-INF/services}. A feature built from a {@link DpopProtection} closes nothing: its
 * owner does.
 *
 * <p>When {@link DpopSettings} trust proxies, the peer address is read from the servlet request
 * underneath, so the application must run on a servlet-based JAX-RS runtime.
 */
public final class DpopFeature implements Feature {

  /** What {@code SecurityContext.getAuthenticationScheme()} returns. */
  public static final String AUTHENTICATION_SCHEME = "DPoP";

  private final DpopProtection protection;
  /** What this feature closes when the application stops, if anything. */
  private final AutoCloseable owned;

  /** Protects resources as {@code settings} say, and closes them when the application stops. */
  public DpopFeature(DpopSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.protection = settings.protection();
    this.owned = settings;
  }

  /** Protects resources with {@code protection}; its owner closes what it holds. */
  public DpopFeature(DpopProtection protection) {
    this.protection = Objects.requireNonNull(protection, "protection");
    this.owned = null;
  }

  /** Protects resources with {@code authenticator}, without proxies, with scopes as roles. */
  public DpopFeature(DpopAuthenticator authenticator) {
    this(ResourceServerProtection.of(authenticator));
  }

  @Override
  public boolean configure(FeatureContext context) {
    context.register(new DpopFilter(DpopGate.of(protection)), Priorities.AUTHENTICATION);
    if (protection.targetUriResolver().trustsProxies()) {
      context.register(new PeerAddressFilter(), Priorities.AUTHENTICATION - 1);
    }
    if (owned != null) {
      // Jersey calls its listener back on undeploy; RESTEasy calls nothing, so a servlet
      // container's WebAppShutdown closes the settings when the web application stops.
      OpenSettings.closeWithTheApplication(owned);
      if (runsOnJersey()) {
        context.register(new JerseyShutdown(owned));
      }
    }
    return true;
  }

  /**
   * Checked here: {@link JerseyShutdown} itself cannot be loaded without Jersey. On the module
   * path this module reads Jersey only from here on: its descriptor requires Jersey {@code static}
   * (Jersey 3 has no stable module name), and Jersey may as well be on the class path.
   */
  private static boolean runsOnJersey() {
    try {
      Class<?> listener =
          Class.forName(
              "org.glassfish.jersey.server.spi.ContainerLifecycleListener",
              false,
              DpopFeature.class.getClassLoader());
      DpopFeature.class.getModule().addReads(listener.getModule());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
