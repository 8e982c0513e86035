package org.dpop4j.it;

import java.nio.file.Path;
import java.util.Map;
import org.dpop4j.it.war.HelloServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WAR configured only by web.xml, as a user would protect an application with tokens from
 * Keycloak: {@link HelloServlet} behind one {@code DpopFilter} per token source, each with its
 * own init-params. slf4j-simple writes the filters' log to a file the tests read.
 */
final class KeycloakWar {

  static final String CONTEXT = "dpop-keycloak-it";
  /** JWT access tokens of both typ variants, from the JWKS. */
  static final String JWT = "jwt/hello";
  /** JWT access tokens, with the default typ: at+jwt only. */
  static final String STRICT = "strict/hello";
  /** Tokens checked by Keycloak's introspection endpoint. */
  static final String INTROSPECTION = "introspection/hello";

  private KeycloakWar() {}

  static WebArchive create(
      Map<String, String> jwt,
      Map<String, String> strict,
      Map<String, String> introspection,
      Path log) {
    String webXml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                 version="6.0">
        %s%s%s  <servlet>
            <servlet-name>hello</servlet-name>
            <servlet-class>%s</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>hello</servlet-name>
            <url-pattern>/%s</url-pattern>
            <url-pattern>/%s</url-pattern>
            <url-pattern>/%s</url-pattern>
          </servlet-mapping>
        </web-app>
        """
            .formatted(
                filter("jwt", JWT, jwt),
                filter("strict", STRICT, strict),
                filter("introspection", INTROSPECTION, introspection),
                HelloServlet.class.getName(),
                JWT,
                STRICT,
                INTROSPECTION);
    String logging =
        "org.slf4j.simpleLogger.logFile=" + log + "\n"
            + "org.slf4j.simpleLogger.showDateTime=true\n"
            // the opt-in diagnostics, to show what they tell an operator
            + "org.slf4j.simpleLogger.log.org.dpop4j.diagnostics=debug\n";
    return ProtectedWar.withLibraries(
        ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
            .addClass(HelloServlet.class)
            .setWebXML(new StringAsset(webXml))
            .addAsResource(new StringAsset(logging), "simplelogger.properties"));
  }

  private static String filter(String name, String endpoint, Map<String, String> settings) {
    StringBuilder filter = new StringBuilder();
    filter.append("  <filter>\n    <filter-name>").append(name).append("</filter-name>\n");
    filter.append("    <filter-class>org.dpop4j.servlet.DpopFilter</filter-class>\n");
    settings.forEach(
        (setting, value) ->
            filter
                .append("    <init-param><param-name>")
                .append(ProtectedWar.xml(setting))
                .append("</param-name><param-value>")
                .append(ProtectedWar.xml(value))
                .append("</param-value></init-param>\n"));
    filter.append("  </filter>\n  <filter-mapping>\n    <filter-name>").append(name);
    filter.append("</filter-name>\n    <url-pattern>/").append(endpoint);
    filter.append("</url-pattern>\n  </filter-mapping>\n");
    return filter.toString();
  }
}
