package org.dpop4j.jaxrs;

import jakarta.ws.rs.core.Application;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The contract on Jersey, deployed in embedded Tomcat through Jersey's servlet container, with
 * the setting the README recommends: without it Jersey hands body-less refusals to the
 * container's error page, so the 401 would carry Tomcat's HTML instead of an empty body.
 */
class JerseyDpopFeatureTest extends DpopFeatureContract {

  @Override
  void deploy(Context context, Application application) {
    ResourceConfig config =
        ResourceConfig.forApplication(application)
            .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    Tomcat.addServlet(context, "jersey", new ServletContainer(config)).addMapping("/*");
  }
}
