package org.dpop4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Terracotta server from the open-source Ehcache kit (unpacked by the build),
 * on loopback ports, run from {@code tc.jar} directly so that we hold its process. Its output goes
 * to {@code server-<n>.out} in its directory, one file per start.
 */
public final class TerracottaServer implements AutoCloseable {

  private static final String ACTIVE = "ACTIVE-COORDINATOR";
  private static final long STARTUP_TIMEOUT_SECONDS = 90;

  private final Path kit;
  private final Path directory;
  private final int port;
  private final int offheapMegabytes;
  private final Thread shutdownHook = new Thread(this::killQuietly, "terracotta-server-kill");
  private Process process;
  private int starts;

  private TerracottaServer(Path kit, Path directory, int port, int offheapMegabytes) {
    this.kit = kit;
    this.directory = directory;
    this.port = port;
    this.offheapMegabytes = offheapMegabytes;
  }

  /**
   * Starts a fresh, auto-activated one-node cluster {@code replay} with 64 MB of offheap, on free
   * ports and in a temporary directory, from the kit the system property {@code terracotta.kit}
   * names, and waits until it is active.
   */
  public static TerracottaServer startOnFreePorts() throws IOException, InterruptedException {
    return start(
        kit(), Files.createTempDirectory("terracotta-"), "replay", freePort(), freePort(), 64);
  }

  /**
   * Starts a fresh, auto-activated one-node cluster in {@code directory} and waits until it is
   * active; its offheap resource {@code main} has {@code offheapMegabytes}.
   */
  public static TerracottaServer start(
      Path kit, Path directory, String clusterName, int port, int groupPort, int offheapMegabytes)
      throws IOException, InterruptedException {
    TerracottaServer server = new TerracottaServer(kit, directory, port, offheapMegabytes);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    server.launch(
        List.of(
            "-name", "node1",
            "-hostname", "127.0.0.1",
            "-port", Integer.toString(port),
            "-group-port", Integer.toString(groupPort),
            "-bind-address", "127.0.0.1",
            "-group-bind-address", "127.0.0.1",
            "-cluster-name", clusterName,
            "-offheap-resources", "main:" + offheapMegabytes + "MB",
            "-failover-priority", "availability",
            "-config-dir", directory.resolve("config").toString(),
            "-log-dir", directory.resolve("logs").toString(),
            "-metadata-dir", directory.resolve("metadata").toString(),
            "-data-dirs", "main:" + directory.resolve("data"),
            "-auto-activate"));
    return server;
  }

  /** The unpacked Ehcache kit that the system property {@code terracotta.kit} names. */
  public static Path kit() {
    String kitProperty = System.getProperty("terracotta.kit");
    if (kitProperty == null || !Files.isRegularFile(Path.of(kitProperty, "server/lib/tc.jar"))) {
      throw new IllegalStateException(
          "system property terracotta.kit must name the unpacked Ehcache kit (the build sets it): "
              + kitProperty);
    }
    return Path.of(kitProperty);
  }

  /** The URI of a cluster tier manager {@code name} on this server. */
  public URI uri(String name) {
    return URI.create("terracotta://127.0.0.1:" + port + "/" + name);
  }

  public int port() {
    return port;
  }

  /** Kills the server as a crash would ({@code SIGKILL}); it loses everything it held. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts the server again from its activated configuration and waits until it is active. */
  public void restart() throws IOException, InterruptedException {
    launch(List.of("-config-dir", directory.resolve("config").toString()));
  }

  /** Stops the server: {@code SIGTERM}, then {@code SIGKILL} if it is still up after 10 s. */
  @Override
  public void close() {
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void launch(List<String> serverArguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms64m",
            "-Xmx256m",
            "-XX:MaxDirectMemorySize=" + 4 * offheapMegabytes + "m",
            "-XX:TieredStopAtLevel=1",
            "-Dtc.install-root=" + kit.resolve("server"),
            "-jar",
            kit.resolve("server/lib/tc.jar").toString()));
    command.addAll(serverArguments);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    starts++;
    CountDownLatch active = new CountDownLatch(1);
    Path log = directory.resolve("server-" + starts + ".out");
    Thread pump = new Thread(() -> copyOutput(process, log, active), "terracotta-output-" + starts);
    pump.setDaemon(true);
    pump.start();
    if (!active.await(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the Terracotta server did not become active; see " + log);
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
      // Destroying the process closes its output: the log simply ends there.
    }
  }

  private void killQuietly() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
