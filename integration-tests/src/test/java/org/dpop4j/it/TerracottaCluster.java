package org.dpop4j.it;

import static org.dpop4j.testing.BuildSettings.property;

import java.net.URI;
import java.nio.file.Path;
import org.dpop4j.testing.Directories;
import org.dpop4j.testing.TerracottaServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs dpop-testing's {@link TerracottaServer} for one test class, on 127.0.0.1 and the ports the
 * build sets, in target/it-work/terracotta. Register it before {@code ArquillianExtension}: the
 * deployments connect to the server as they start, so it must be up first; and JUnit closes it
 * after Arquillian's {@code afterAll} has undeployed them.
 */
final class TerracottaCluster implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TerracottaCluster.class);

  /** The cluster tier manager every node's replay cache connects to. */
  static URI replayStoreUri() {
    return URI.create("terracotta://127.0.0.1:" + property("it.terracotta.port") + "/dpop-it");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    TerracottaServer server =
        TerracottaServer.start(
            TerracottaServer.kit(),
            Directories.recreate(Path.of(property("it.work")).resolve("terracotta")),
            "dpop-it",
            Integer.parseInt(property("it.terracotta.port")),
            Integer.parseInt(property("it.terracotta.group.port")),
            32);
    context.getStore(NAMESPACE)
        .put(TerracottaServer.class, (ExtensionContext.Store.CloseableResource) server::close);
  }

}
