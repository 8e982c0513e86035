package org.dpop4j.it;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.dpop4j.it.war.HelloResource;
import org.dpop4j.it.war.HelloServlet;
import org.dpop4j.it.war.ProtectedApi;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR a user would deploy: {@link HelloServlet} behind {@code DpopFilter} (web.xml) at
 * {@value #SERVLET}, and {@link HelloResource} under {@code @DpopProtected} at {@value #RESOURCE}.
 * The libraries are the module jars this build produced (copied by maven-dependency-plugin).
 */
final class ProtectedWar {

  /** The context path on every server. */
  static final String CONTEXT = "dpop-it";
  static final String SERVLET = "servlet/hello";
  static final String RESOURCE = "api/hello";
  static final String OPEN_RESOURCE = "api/hello/public";

  private ProtectedWar() {}

  /** The WAR whose filter and JAX-RS feature both use these {@code dpop.*} settings. */
  static WebArchive create(Map<String, String> settings) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, CONTEXT + ".war")
            .addClasses(HelloServlet.class, HelloResource.class, ProtectedApi.class)
            .setWebXML(new StringAsset(webXml(settings)))
            .addAsResource(new StringAsset(properties(settings)), ProtectedApi.SETTINGS);
    return withLibraries(war);
  }

  /**
   * {@code war} with the module jars this build produced and, on Tomcat, which has neither JAX-RS
   * nor an SLF4J provider, Jersey and slf4j-simple; WildFly brings RESTEasy and its logging.
   */
  static WebArchive withLibraries(WebArchive war) {
    war.addAsLibraries(jars("war.lib.common"));
    if (System.getProperty("arquillian.launch", "").startsWith("tomcat")) {
      war.addAsLibraries(jars("war.lib.tomcat"));
    }
    return war;
  }

  private static String webXml(Map<String, String> settings) {
    StringBuilder initParams = new StringBuilder();
    settings.forEach(
        (name, value) ->
            initParams
                .append("    <init-param><param-name>")
                .append(xml(name))
                .append("</param-name><param-value>")
                .append(xml(value))
                .append("</param-value></init-param>\n"));
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                 version="6.0">
          <filter>
            <filter-name>dpop</filter-name>
            <filter-class>org.dpop4j.servlet.DpopFilter</filter-class>
        %s  </filter>
          <filter-mapping>
            <filter-name>dpop</filter-name>
            <url-pattern>/servlet/*</url-pattern>
          </filter-mapping>
          <servlet>
            <servlet-name>hello</servlet-name>
            <servlet-class>%s</servlet-class>
          </servlet>
          <servlet-mapping>
            <servlet-name>hello</servlet-name>
            <url-pattern>/%s</url-pattern>
          </servlet-mapping>
        </web-app>
        """
        .formatted(initParams, HelloServlet.class.getName(), SERVLET);
  }

  private static String properties(Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(settings);
    StringWriter text = new StringWriter();
    try {
      properties.store(text, "dpop.* settings of the JAX-RS feature, the same as web.xml's");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static File[] jars(String directoryProperty) {
    String directory = System.getProperty(directoryProperty);
    if (directory == null) {
      throw new IllegalStateException(
          "system property " + directoryProperty + " is not set: run the tests through Maven");
    }
    try (Stream<Path> files = Files.list(Path.of(directory))) {
      File[] jars =
          files.filter(file -> file.toString().endsWith(".jar")).sorted().map(Path::toFile)
              .toArray(File[]::new);
      if (jars.length == 0) {
        throw new IllegalStateException("no jars in " + directory);
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("the WAR libraries are missing from " + directory, e);
    }
  }
}
