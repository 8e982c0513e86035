package org.dpop4j.jaxrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The settings features opened, by the class loader of the web application that configured them
 * (the thread's context class loader while it starts), until {@link WebAppShutdown} closes them.
 * Free of servlet types, so that a feature on a runtime without the servlet API can load it.
 */
final class OpenSettings {

  private static final Map<ClassLoader, List<AutoCloseable>> OPEN = new WeakHashMap<>();

  private OpenSettings() {}

  /** Remembers {@code settings} for the application starting on this thread. */
  static void closeWithTheApplication(AutoCloseable settings) {
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    if (application == null) {
      return;
    }
    synchronized (OPEN) {
      List<AutoCloseable> ofApplication =
          OPEN.computeIfAbsent(application, loader -> new ArrayList<>());
      if (!ofApplication.contains(settings)) {
        ofApplication.add(settings);
      }
    }
  }

  /** Closes the settings of the application {@code application}, and forgets them. */
  static void closeAll(ClassLoader application) {
    List<AutoCloseable> settings;
    synchronized (OPEN) {
      settings = OPEN.remove(application);
    }
    if (settings == null) {
      return;
    }
    for (AutoCloseable each : settings) {
      try {
        each.close();
      } catch (Exception e) {
        // DpopSettings.close logs its own failures and throws none.
      }
    }
  }
}
