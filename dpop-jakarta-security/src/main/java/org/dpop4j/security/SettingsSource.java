package org.dpop4j.security;

import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.config.DpopSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the mechanism and the registration listener read their {@code dpop.*} settings:
 * MicroProfile Config when the runtime provides it, the web application's context params
 * otherwise (and for names MicroProfile Config does not know). The names are those of {@link
 * DpopSettings}, and a misspelt {@code dpop.} name in the application's own configuration (its
 * context params, its {@code microprofile-config.properties}, its own config sources) stops the
 * deployment. MicroProfile Config also shows the JVM's system properties, which every application
 * of the server shares: an unknown {@code dpop.*} system property is logged and ignored, not
 * refused, so that one application's setting cannot stop another's deployment. The MicroProfile
 * Config API without an implementation counts as absent.
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
    Map<String, String> contextParams = new LinkedHashMap<>();
    for (String name : Collections.list(context.getInitParameterNames())) {
      contextParams.put(name, context.getInitParameter(name));
    }
    Map<String, String> microProfile = new LinkedHashMap<>();
    if (microProfileConfigPresent(context.getClassLoader())) {
      MicroProfileSettings.addTo(microProfile);
    }
    return read(contextParams, microProfile, System.getProperties().stringPropertyNames());
  }

  /**
   * Parses context params overridden by MicroProfile Config values, strictly except for unknown
   * names that MicroProfile Config shows because they are JVM system properties.
   */
  static DpopSettings read(
      Map<String, String> contextParams,
      Map<String, String> microProfile,
      Set<String> systemProperties) {
    Map<String, String> settings = new LinkedHashMap<>();
    contextParams.forEach(
        (name, value) -> {
          if (name.startsWith("dpop.")) {
            settings.put(name, value);
          }
        });
    settings.putAll(microProfile);
    Set<String> shared = new HashSet<>();
    for (String name : microProfile.keySet()) {
      if (systemProperties.contains(name) && !contextParams.containsKey(name)) {
        shared.add(name);
      }
    }
    return DpopSettings.reader().sharedNames(shared).read(settings);
  }

  /**
   * On the module path this module reads MicroProfile Config only from here on: its descriptor
   * requires it {@code static} (the API jar has no stable module name), and it may as well be on
   * the class path.
   */
  private static boolean microProfileConfigPresent(ClassLoader loader) {
    try {
      Class<?> provider = Class.forName(MICROPROFILE_CONFIG, false, loader);
      SettingsSource.class.getModule().addReads(provider.getModule());
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
