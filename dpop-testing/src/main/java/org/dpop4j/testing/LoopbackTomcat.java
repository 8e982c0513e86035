package org.dpop4j.testing;

import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat with one HTTP connector on 127.0.0.1 and a port the system picks, so tests
 * never collide on a port and nothing listens beyond the machine. Add contexts, set further
 * connector properties ({@code tomcat.getConnector().setProperty(...)}), then start it.
 */
public final class LoopbackTomcat {

  private LoopbackTomcat() {}

  /** A Tomcat, not started, working under {@code baseDir}. */
  public static Tomcat create(Path baseDir) {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    return tomcat;
  }

  /** {@code http://127.0.0.1:<port>} of a started Tomcat. */
  public static String baseUri(Tomcat tomcat) {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }
}
