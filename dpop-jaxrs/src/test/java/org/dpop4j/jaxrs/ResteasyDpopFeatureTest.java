package org.dpop4j.jaxrs;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.apache.catalina.Context;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;

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
    context.addServletContainerInitializer(initializer, null);
  }
}
