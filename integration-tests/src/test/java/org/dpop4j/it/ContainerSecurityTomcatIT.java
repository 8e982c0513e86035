package org.dpop4j.it;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * dpop-jakarta-security's Jakarta Authentication module on Tomcat, which has no Jakarta
 * Security and no CDI: the web.xml listener {@code DpopAuthenticationRegistration} registers it
 * for the application, and the security constraint and Jersey's {@code @RolesAllowed} see the
 * DPoP caller.
 */
@ExtendWith({ItEnvironment.Extension.class, ArquillianExtension.class})
@RunAsClient
class ContainerSecurityTomcatIT extends ContainerSecurityContract {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ContainerSecurityWar.forTomcat(nonceSettings());
  }

  @Override
  List<String> protectedEndpoints() {
    return List.of(ContainerSecurityWar.SERVLET, ContainerSecurityWar.RESOURCE);
  }
}
