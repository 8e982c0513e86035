package org.dpop4j.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Terracotta server from the open-source Ehcache kit (unpacked by the build),
 * on 127.0.0.1 and the ports the build sets, run from {@code tc.jar} directly so that we hold its
 * process. Its output goes to target/it-work/terracotta/server.out.
 */
final class TerracottaServer implements ExtensionContext.Store.CloseableResource {

  private static final String ACTIVE = "ACTIVE-COORDINATOR";
  private static final long STARTUP_TIMEOUT_SECONDS = 90;

  private final Process process;
  private final Thread killOnExit;

  private TerracottaServer(Process process) {
    this.process = process;
    this.killOnExit = new Thread(process::destroyForcibly, "terracotta-server-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** The cluster tier manager every node's replay cache connects to. */
  static URI replayStoreUri() {
    return URI.create("terracotta://127.0.0.1:" + property("it.terracotta.port") + "/dpop-it");
  }

  /** Starts a fresh, auto-activated one-node cluster and waits until it is active. */
  static TerracottaServer start() throws IOException, InterruptedException {
    Path kit = Path.of(property("terracotta.kit"));
    Path directory =
        Directories.recreate(Path.of(property("it.work")).resolve("terracotta"));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms64m",
            "-Xmx256m",
            "-XX:MaxDirectMemorySize=128m",
            "-Dtc.install-root=" + kit.resolve("server"),
            "-jar", kit.resolve("server/lib/tc.jar").toString(),
            "-name", "node1",
            "-hostname", "127.0.0.1",
            "-port", property("it.terracotta.port"),
            "-group-port", property("it.terracotta.group.port"),
            "-bind-address", "127.0.0.1",
            "-group-bind-address", "127.0.0.1",
            "-cluster-name", "dpop-it",
            "-offheap-resources", "main:32MB",
            "-failover-priority", "availability",
            "-config-dir", directory.resolve("config").toString(),
            "-log-dir", directory.resolve("logs").toString(),
            "-metadata-dir", directory.resolve("metadata").toString(),
            "-data-dirs", "main:" + directory.resolve("data"),
            "-auto-activate");
    TerracottaServer server =
        new TerracottaServer(new ProcessBuilder(command).redirectErrorStream(true).start());
    CountDownLatch active = new CountDownLatch(1);
    Path log = directory.resolve("server.out");
    Thread pump =
        new Thread(() -> copyOutput(server.process, log, active), "terracotta-server-output");
    pump.setDaemon(true);
    pump.start();
    if (!active.await(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      server.close();
      throw new IllegalStateException("the Terracotta server did not become active; see " + log);
    }
    return server;
  }

  /** Stops the server: {@code SIGTERM}, then {@code SIGKILL} if it is still up after 10 s. */
  @Override
  public void close() throws InterruptedException {
    Runtime.getRuntime().removeShutdownHook(killOnExit);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static void copyOutput(Process process, Path log, CountDownLatch active) {
    try (BufferedReader output =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log), true)) {
      String line;
      while ((line = output.readLine()) != null) {
        file.println(line);
        if (line.contains(ACTIVE)) {
          active.countDown();
        }
      }
    } catch (IOException e) {
      // The process was destroyed, which closes its output: the log simply ends there.
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run the tests through Maven");
    }
    return value;
  }

  /**
   * Runs the server for one test class. Register it before {@code ArquillianExtension}: the
   * deployments connect to the server as they start, so it must be up first; and JUnit closes it
   * after Arquillian's {@code afterAll} has undeployed them.
   */
  static final class Extension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(TerracottaServer.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      context.getStore(NAMESPACE).put(TerracottaServer.class, start());
    }
  }
}
