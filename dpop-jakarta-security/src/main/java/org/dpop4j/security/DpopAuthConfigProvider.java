package org.dpop4j.security;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopProtection;

/**
 * Hands the container a {@link DpopServerAuthModule} for the {@code HttpServlet} layer. Register
 * it in one of two ways:
 *
 * <ul>
 *   <li>per application, from code: {@link DpopAuthenticationRegistration} (a {@code
 *       ServletContextListener}) reads the settings and registers it, or register {@link
 *       #DpopAuthConfigProvider(DpopProtection)} yourself with {@code
 *       AuthConfigFactory.registerConfigProvider};
 *   <li>in the container's persistent registrations, such as Tomcat's {@code
 *       conf/jaspic-providers.xml}: the container calls {@link #DpopAuthConfigProvider(Map,
 *       AuthConfigFactory)} with the registration's properties, which are the {@code dpop.*}
 *       settings.
 * </ul>
 *
 * <p>Client authentication is not offered ({@link #getClientAuthConfig} returns {@code null}, as
 * the specification allows).
 */
public final class DpopAuthConfigProvider implements AuthConfigProvider {

  /** The Servlet Container Profile's message layer. */
  public static final String HTTP_SERVLET_LAYER = "HttpServlet";

  /** The description of the provider's own registration. */
  static final String SELF_REGISTRATION = "dpop4j DPoP authentication (self-registered)";

  private final DpopGate gate;
  private final DpopSettings ownedSettings;

  /**
   * The specification's constructor, for persistent registrations: {@code properties} are {@code
   * dpop.*} settings, parsed here; a bad value throws {@link IllegalArgumentException} naming it.
   * These settings live as long as the container's registration, and a replay cache they open
   * closes with the JVM.
   *
   * <p>A container that creates the provider from its persistent registrations (Tomcat's {@code
   * conf/jaspic-providers.xml}) passes no {@code factory} and registers it itself. Given a {@code
   * factory}, the provider registers itself there, as Jakarta Authentication 3.0 requires of this
   * constructor, with {@code factory.registerConfigProvider(this, "HttpServlet", null,
   * description)}: for the servlet layer of every application of that factory, because the
   * properties name no application.
   *
   * @param properties the {@code dpop.*} settings; null counts as none
   * @param factory where to self-register, or null
   */
  public DpopAuthConfigProvider(Map<String, String> properties, AuthConfigFactory factory) {
    this.ownedSettings = DpopSettings.from(properties == null ? Map.of() : Map.copyOf(properties));
    this.gate = DpopGate.of(ownedSettings.protection());
    if (factory != null) {
      factory.registerConfigProvider(this, HTTP_SERVLET_LAYER, null, SELF_REGISTRATION);
    }
  }

  /**
   * For programmatic registration: the caller owns what {@code protection} holds (the {@link
   * DpopSettings} it came from, say) and closes it.
   */
  public DpopAuthConfigProvider(DpopProtection protection) {
    this.ownedSettings = null;
    this.gate = DpopGate.of(Objects.requireNonNull(protection, "protection"));
  }

  @Override
  public ServerAuthConfig getServerAuthConfig(
      String layer, String appContext, CallbackHandler handler) {
    return new DpopServerAuthConfig(layer, appContext, handler);
  }

  @Override
  public ClientAuthConfig getClientAuthConfig(
      String layer, String appContext, CallbackHandler handler) {
    return null;
  }

  @Override
  public void refresh() {
    // The settings are fixed when the provider is created.
  }

  @Override
  public String toString() {
    return "DpopAuthConfigProvider{" + gate.protection() + (ownedSettings != null ? ", from properties" : "") + "}";
  }

  /** One application's configuration: every request gets the same module. */
  private final class DpopServerAuthConfig implements ServerAuthConfig {
    private static final String AUTH_CONTEXT_ID = "dpop";

    private final String layer;
    private final String appContext;
    private final CallbackHandler handler;

    DpopServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
      this.layer = layer;
      this.appContext = appContext;
      this.handler = handler;
    }

    @Override
    public ServerAuthContext getAuthContext(
        String authContextId, Subject serviceSubject, @SuppressWarnings("rawtypes") Map properties)
        throws AuthException {
      if (handler == null) {
        throw new AuthException("the container gave the DPoP provider no CallbackHandler");
      }
      DpopServerAuthModule module = new DpopServerAuthModule(gate);
      module.initialize(null, null, handler, Map.of());
      return module;
    }

    @Override
    public String getAuthContextID(MessageInfo messageInfo) {
      return AUTH_CONTEXT_ID;
    }

    @Override
    public String getMessageLayer() {
      return layer;
    }

    @Override
    public String getAppContext() {
      return appContext;
    }

    @Override
    public boolean isProtected() {
      return true;
    }

    @Override
    public void refresh() {
      // nothing is cached
    }
  }
}
