package org.dpop4j.it;

import static org.dpop4j.testing.BuildSettings.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dpop4j.testing.Directories;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Keycloak (the distribution the build unpacked into target/) in dev mode on 127.0.0.1 and
 * a free port, with the realm of src/test/keycloak imported into a fresh data directory. Keycloak
 * needs Java 21 or later, the project 17: only Keycloak runs on that JDK, found by {@link
 * #keycloakJavaHome}. Its output goes to target/it-work/keycloak/server.log. Stopped (TERM, then
 * KILL) when the test class that started it is done.
 */
final class KeycloakServer implements ExtensionContext.Store.CloseableResource {

  static final String REALM = "dpop-it";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
  private static final int MINIMUM_JAVA = 21;

  private final Process process;
  private final URI base;
  private final Path log;
  private final Thread killOnExit;

  private KeycloakServer(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
    this.killOnExit = new Thread(this::kill, "keycloak-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** The realm's issuer: {@code http://127.0.0.1:PORT/realms/dpop-it}. */
  URI issuer() {
    return base.resolve("/realms/" + REALM);
  }

  URI metadata() {
    return URI.create(issuer() + "/.well-known/openid-configuration");
  }

  URI tokenEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token");
  }

  URI jwks() {
    return URI.create(issuer() + "/protocol/openid-connect/certs");
  }

  URI introspectionEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token/introspect");
  }

  static KeycloakServer start() throws IOException, InterruptedException {
    Path home = Path.of(property("keycloak.home"));
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          home + "/bin/kc.sh is missing: the build unpacks Keycloak there (run through Maven)");
    }
    Path javaHome = keycloakJavaHome();
    Path data = home.resolve("data");
    deleteRecursively(data);
    Path imports = Files.createDirectories(data.resolve("import"));
    Files.copy(
        Path.of(property("keycloak.realm")), imports.resolve(REALM + "-realm.json"));
    Path work = Directories.recreate(Path.of(property("it.work")).resolve("keycloak"));
    Path log = work.resolve("server.log");
    int port = freePort();
    int managementPort = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--cache=local",
                "--import-realm")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
    KeycloakServer server =
        new KeycloakServer(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    server.awaitRealm();
    return server;
  }

  private void awaitRealm() throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(metadata()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      // A fixed pause between polls of a server starting in another process; no test waits on it.
      process.waitFor(500, TimeUnit.MILLISECONDS);
    }
    close();
    throw new IllegalStateException(
        "Keycloak did not serve realm " + REALM + " within " + STARTUP_TIMEOUT + "; see " + log);
  }

  /**
   * The JDK for Keycloak: {@code -Dkeycloak.java.home}, else {@code KEYCLOAK_JAVA_HOME}, else the
   * newest JDK of at least Java 21 under /usr/lib/jvm (read from its {@code release} file).
   */
  static Path keycloakJavaHome() throws IOException {
    Optional<String> configured =
        Optional.ofNullable(System.getProperty("keycloak.java.home"))
            .or(() -> Optional.ofNullable(System.getenv("KEYCLOAK_JAVA_HOME")))
            .filter(value -> !value.isBlank());
    if (configured.isPresent()) {
      Path home = Path.of(configured.get());
      if (javaVersion(home).orElse(0) < MINIMUM_JAVA) {
        throw new IllegalStateException(
            "the JDK for Keycloak at " + home + " is not Java " + MINIMUM_JAVA + " or later");
      }
      return home;
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        Optional<Path> newest =
            homes
                .filter(home -> javaVersion(home).orElse(0) >= MINIMUM_JAVA)
                .max(Comparator.comparingInt(home -> javaVersion(home).orElse(0)));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    throw new IllegalStateException(
        "Keycloak 26 needs Java " + MINIMUM_JAVA + " or later, and none was found: install one"
            + " (such as Temurin 25) under /usr/lib/jvm, or name it with -Dkeycloak.java.home or"
            + " the environment variable KEYCLOAK_JAVA_HOME");
  }

  /** The major version in {@code home/release}, if {@code home} is a JDK with a java launcher. */
  private static Optional<Integer> javaVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String major = version.split("[.+-]")[0];
          return Optional.of(Integer.parseInt(major.equals("1") ? version.split("\\.")[1] : major));
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A port on 127.0.0.1 that nothing listens on now. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle descendant : descendants) {
        descendant.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    } catch (Exception e) {
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** Starts Keycloak once for the test class that registers it, before Arquillian deploys. */
  static final class Extension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(KeycloakServer.class);
    private static volatile KeycloakServer current;

    static KeycloakServer get() {
      KeycloakServer server = current;
      if (server == null) {
        throw new IllegalStateException(
            "KeycloakServer.Extension must be registered before ArquillianExtension");
      }
      return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      current =
          context
              .getStore(NAMESPACE)
              .getOrComputeIfAbsent(KeycloakServer.class, key -> startOrFail(), KeycloakServer.class);
    }

    private static KeycloakServer startOrFail() {
      try {
        return start();
      } catch (IOException e) {
        throw new UncheckedIOException("starting Keycloak failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting Keycloak", e);
      }
    }
  }
}
