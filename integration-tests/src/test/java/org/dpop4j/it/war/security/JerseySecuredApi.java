package org.dpop4j.it.war.security;

import jakarta.ws.rs.ApplicationPath;
import org.dpop4j.security.DpopForbiddenMapper;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The JAX-RS application on Tomcat, as dpop-jakarta-security's README shows it for Jersey: Jersey
 * enforces {@code @RolesAllowed} only with its {@link RolesAllowedDynamicFeature}, and an
 * application listing its classes lists the DPoP mapper of its refusals too. No dpop4j filter or
 * feature: the container's Jakarta Authentication module authenticates.
 */
@ApplicationPath("api")
public class JerseySecuredApi extends ResourceConfig {

  public JerseySecuredApi() {
    register(RolesAllowedDynamicFeature.class);
    register(DpopForbiddenMapper.class);
    register(GreetingResource.class);
    // without it Jersey hands a response without body (the 401 challenge) to Tomcat's error page
    property("jersey.config.server.response.setStatusOverSendError", true);
    property("jersey.config.server.wadl.disableWadl", true);
  }
}
