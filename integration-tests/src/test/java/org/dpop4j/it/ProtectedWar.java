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
    return WebXml.webApp(
        WebXml.dpopFilter("dpop", "/servlet/*", settings),
        WebXml.servlet("hello", HelloServlet.class, SERVLET));
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
