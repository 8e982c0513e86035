package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.ws.rs.core.Application;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.catalina.Context;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.junit.jupiter.api.Test;

/**
 * The contract on RESTEasy (WildFly's JAX-RS implementation), deployed in embedded Tomcat through
 * RESTEasy's servlet dispatcher, which picks up a deployment started in the servlet context.
 */
class ResteasyDpopFeatureTest extends DpopFeatureContract {

  @Override
  void deploy(Context context, Application application) {
    ServletContainerInitializer initializer =
        (Set<Class<?>> classes, ServletContext servletContext) -> {
          ResteasyDeployment deployment = new ResteasyDeploymentImpl();
          deployment.setApplication(application);
          deployment.start();
          servletContext.setAttribute(ResteasyDeployment.class.getName(), deployment);
          servletContext.addServlet("resteasy", new HttpServlet30Dispatcher()).addMapping("/*");
          servletContext.addListener(
              new ServletContextListener() {
                @Override
                public void contextDestroyed(ServletContextEvent event) {
                  deployment.stop();
                }
              });
        };
    // As a servlet container does for every initializer a jar lists in META-INF/services (the
    // embedded context here scans no jars; theJarRegistersTheShutdownHook checks the listing).
    context.addServletContainerInitializer(new WebAppShutdown(), null);
    context.addServletContainerInitializer(initializer, null);
  }

  @Test
  void theJarRegistersTheShutdownHook() {
    assertThat(ServiceLoader.load(ServletContainerInitializer.class).stream())
        .anyMatch(provider -> provider.type() == WebAppShutdown.class);
  }
}
