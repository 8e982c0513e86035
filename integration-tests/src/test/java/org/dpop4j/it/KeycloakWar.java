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
        WebXml.webApp(
            WebXml.dpopFilter("jwt", "/" + JWT, jwt),
            WebXml.dpopFilter("strict", "/" + STRICT, strict),
            WebXml.dpopFilter("introspection", "/" + INTROSPECTION, introspection),
            WebXml.servlet("hello", HelloServlet.class, JWT, STRICT, INTROSPECTION));
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
}
