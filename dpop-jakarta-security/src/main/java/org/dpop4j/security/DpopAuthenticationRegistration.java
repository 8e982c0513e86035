package org.dpop4j.security;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.dpop4j.core.config.DpopSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link DpopAuthConfigProvider} for this web application when it starts, and removes
 * it (closing its replay cache) when it stops: Jakarta Authentication for one application, with
 * no server configuration. Opt in with a listener in web.xml:
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>org.dpop4j.security.DpopAuthenticationRegistration</listener-class>
 * </listener>
 * }</pre>
 *
 * <p>The settings are the {@code dpop.*} context params (or MicroProfile Config), as for {@link
 * DpopAuthenticationMechanism}; a bad value fails the deployment. The registration is for the
 * {@code HttpServlet} layer and the application context {@code "<virtual server> <context
 * path>"}, the Servlet Container Profile's identifier.
 */
public final class DpopAuthenticationRegistration implements ServletContextListener {

  private static final Logger LOG = LoggerFactory.getLogger(DpopAuthenticationRegistration.class);

  private DpopSettings settings;
  private String registrationId;

  /** For the servlet container, which creates the listener the application declares. */
  public DpopAuthenticationRegistration() {}

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    String appContext = context.getVirtualServerName() + " " + context.getContextPath();
    try {
      settings = SettingsSource.read(context);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "DPoP authentication of '" + appContext + "' is misconfigured: " + e.getMessage(), e);
    }
    AuthConfigFactory factory = AuthConfigFactory.getFactory();
    if (factory == null) {
      settings.close();
      throw new IllegalStateException(
          "the container has no Jakarta Authentication factory to register DPoP with");
    }
    registrationId =
        factory.registerConfigProvider(
            new DpopAuthConfigProvider(settings.protection()),
            DpopAuthConfigProvider.HTTP_SERVLET_LAYER,
            appContext,
            "dpop4j DPoP authentication");
    LOG.info("DPoP authentication module registered for '{}' with {}", appContext, settings);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (registrationId != null) {
      AuthConfigFactory factory = AuthConfigFactory.getFactory();
      if (factory != null) {
        factory.removeRegistration(registrationId);
      }
      registrationId = null;
    }
    if (settings != null) {
      settings.close();
      settings = null;
    }
  }
}
