package org.dpop4j.it;

import java.util.Map;
import org.dpop4j.it.war.security.EjbGreetingResource;
import org.dpop4j.it.war.security.GreetingBean;
import org.dpop4j.it.war.security.GreetingResource;
import org.dpop4j.it.war.security.JerseySecuredApi;
import org.dpop4j.it.war.security.ProofResource;
import org.dpop4j.it.war.security.SecuredApi;
import org.dpop4j.it.war.security.SecuredServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR of a team that protects its application with the container's own security: {@link
 * SecuredServlet} behind a web.xml {@code <security-constraint>} at {@value #SERVLET}, and no
 * dpop4j filter, feature or annotation. dpop-jakarta-security in {@code WEB-INF/lib} does the
 * authentication: its Jakarta Security mechanism on WildFly, its Jakarta Authentication module
 * (registered by the web.xml listener) on Tomcat. Both hold a JAX-RS resource protected only by
 * {@code @RolesAllowed} (RESTEasy on WildFly, Jersey on Tomcat); on WildFly the WAR also holds a
 * stateless EJB protected only by {@code @RolesAllowed}, and a resource injecting the proof.
 */
final class ContainerSecurityWar {

  static final String CONTEXT = "dpop-container-security";
  static final String SERVLET = "servlet/hello";
  static final String OPEN_SERVLET = "open/hello";
  static final String RESOURCE = "api/greeting";
  static final String EJB = "api/greeting/ejb";
  static final String PROOF = "api/proof";

  /**
   * The deployment descriptor dpop-jakarta-security's README shows for WildFly: the EJB
   * container's refusal of a caller is an application exception (rolled back as before), so it
   * is not logged at ERROR with its stack trace for every refused call.
   */
  static final String EJB_ACCESS_REFUSAL_EXPECTED = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
               version="4.0">
        <assembly-descriptor>
          <application-exception>
            <exception-class>jakarta.ejb.EJBAccessException</exception-class>
            <rollback>true</rollback>
          </application-exception>
        </assembly-descriptor>
      </ejb-jar>
      """;

  private ContainerSecurityWar() {}

  /** For WildFly: the {@code dpop.*} settings, the nonce ones through MicroProfile Config. */
  static WebArchive forWildFly(Map<String, String> contextParams, Map<String, String> microProfileConfig) {
    StringBuilder config = new StringBuilder();
    microProfileConfig.forEach((name, value) -> config.append(name).append('=').append(value).append('\n'));
    return base(contextParams, "", "  <context-param><param-name>resteasy.role.based.security</param-name>"
            + "<param-value>true</param-value></context-param>\n")
        .addClasses(SecuredApi.class, GreetingResource.class, EjbGreetingResource.class,
            GreetingBean.class, ProofResource.class)
        .addAsResource(new StringAsset(config.toString()), "META-INF/microprofile-config.properties")
        .addAsWebInfResource(new StringAsset(EJB_ACCESS_REFUSAL_EXPECTED), "ejb-jar.xml");
  }

  /**
   * For Tomcat: the settings as context params, the listener registering the module, and Jersey
   * for the JAX-RS resource.
   */
  static WebArchive forTomcat(Map<String, String> contextParams) {
    return base(contextParams,
            "  <listener><listener-class>org.dpop4j.security.DpopAuthenticationRegistration"
                + "</listener-class></listener>\n", "")
        .addClasses(JerseySecuredApi.class, GreetingResource.class)
        .addAsLibraries(ProtectedWar.jars("war.lib.tomcat"));
  }

  private static WebArchive base(Map<String, String> contextParams, String listener, String extraParams) {
    return ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
        .addClasses(SecuredServlet.class)
        .setWebXML(new StringAsset(webXml(contextParams, listener, extraParams)))
        .addAsLibraries(ProtectedWar.jars("war.lib.common"))
        .addAsLibraries(ProtectedWar.jars("war.lib.container-security"));
  }

  private static String webXml(Map<String, String> contextParams, String listener, String extraParams) {
    return WebXml.webApp(
        extraParams,
        WebXml.params("  ", "context-param", contextParams),
        listener,
        WebXml.servlet("hello", SecuredServlet.class, SERVLET, OPEN_SERVLET),
        """
          <security-constraint>
            <web-resource-collection>
              <web-resource-name>greetings</web-resource-name>
              <url-pattern>/servlet/*</url-pattern>
            </web-resource-collection>
            <auth-constraint><role-name>%s</role-name></auth-constraint>
          </security-constraint>
          <security-role><role-name>%s</role-name></security-role>
        """.formatted(SecuredServlet.ROLE, SecuredServlet.ROLE));
  }
}
