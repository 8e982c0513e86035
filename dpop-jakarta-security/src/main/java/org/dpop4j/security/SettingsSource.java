package org.dpop4j.security;

import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.config.DpopSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the mechanism and the registration listener read their {@code dpop.*} settings:
 * MicroProfile Config when the runtime provides it, the web application's context params
 * otherwise (and for names MicroProfile Config does not know). The names are those of {@link
 * DpopSettings}, and a misspelt {@code dpop.} name stops the deployment. The MicroProfile Config
 * API without an implementation counts as absent.
 */
final class SettingsSource {

  private static final String MICROPROFILE_CONFIG =
      "org.eclipse.microprofile.config.ConfigProvider";

  private SettingsSource() {}

  /**
   * Parses the settings; the caller owns the result and closes it on undeploy.
   *
   * @throws IllegalArgumentException naming the first invalid or missing setting
   */
  static DpopSettings read(ServletContext context) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : Collections.list(context.getInitParameterNames())) {
      if (name.startsWith("dpop.")) {
        settings.put(name, context.getInitParameter(name));
      }
    }
    if (microProfileConfigPresent(context.getClassLoader())) {
      MicroProfileSettings.addTo(settings);
    }
    return DpopSettings.from(settings);
  }

  private static boolean microProfileConfigPresent(ClassLoader loader) {
    try {
      Class.forName(MICROPROFILE_CONFIG, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when the MicroProfile Config API is on the class path. */
  private static final class MicroProfileSettings {

    static void addTo(Map<String, String> settings) {
      Config config;
      try {
        config = ConfigProvider.getConfig();
      } catch (IllegalStateException e) {
        // The API without an implementation: there is no MicroProfile Config to read.
        return;
      }
      for (String name : config.getPropertyNames()) {
        if (name.startsWith("dpop.")) {
          config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
        }
      }
    }
  }
}
