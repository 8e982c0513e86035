package org.dpop4j.it.war;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.jaxrs.DpopFeature;

/**
 * The JAX-RS application, as dpop-jaxrs/README.md tells users to write it: the feature reads its
 * settings from {@value #SETTINGS} on the class path (WEB-INF/classes), the same {@code dpop.*}
 * names the servlet filter reads from web.xml.
 */
@ApplicationPath("api")
public class ProtectedApi extends Application {

  /** The resource the deployment puts the settings in. */
  public static final String SETTINGS = "dpop.properties";

  private final DpopFeature dpop = new DpopFeature(DpopSettings.from(settings()));

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(HelloResource.class);
  }

  /** Deprecated in favour of CDI, but the one way that works on both Jersey and RESTEasy. */
  @Override
  @SuppressWarnings("deprecation")
  public Set<Object> getSingletons() {
    return Set.of(dpop);
  }

  /**
   * Jersey settings; RESTEasy ignores them. Without the first, Jersey hands a refusal without
   * body (the 401 challenges) to the servlet container's error page. WADL would describe the API
   * to anyone who asks, and needs JAXB.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.response.setStatusOverSendError", true,
        "jersey.config.server.wadl.disableWadl", true);
  }

  private static Properties settings() {
    Properties settings = new Properties();
    try (InputStream in = ProtectedApi.class.getClassLoader().getResourceAsStream(SETTINGS)) {
      if (in == null) {
        throw new IllegalStateException(SETTINGS + " is missing from the deployment");
      }
      settings.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return settings;
  }
}
