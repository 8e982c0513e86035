package org.dpop4j.jaxrs;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Set;

/**
 * Closes, when a web application stops, the settings of every {@link DpopFeature} configured in
 * it: RESTEasy, unlike Jersey, calls no provider back on undeploy, so without this a clustered
 * replay store's connection (Terracotta threads) would outlive its application. Registered as a
 * {@link ServletContainerInitializer} in the jar's {@code META-INF/services}, so a servlet
 * container starts it for every web application that has dpop-jaxrs; it closes only the settings
 * of features configured while that application started, never another application's. Not
 * called by applications.
 */
@SuppressWarnings("exports") // the servlet API, there on the servlet containers that start it
public final class WebAppShutdown implements ServletContainerInitializer {

  /** For the servlet container, which finds the initializer through the ServiceLoader. */
  public WebAppShutdown() {}

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addListener(
        new ServletContextListener() {
          @Override
          public void contextDestroyed(ServletContextEvent event) {
            OpenSettings.closeAll(event.getServletContext().getClassLoader());
          }
        });
  }
}
