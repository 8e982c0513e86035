package org.dpop4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, run as the README says: proves that the merged jar finds everything the
 * classpath of the unit tests provides (Jersey's services, Tomcat, slf4j-simple's settings).
 */
class DemoJarIT {

  private static final Path SOFTHSM_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  private static final String PIN_VARIABLE = "DEMO_HSM_PIN";
  private static final String PIN = "4711-demo-pin";

  @Test
  void theJarTellsTheWholeStoryAndExitsZero() throws Exception {
    String output = runToTheEnd(new ProcessBuilder(java(), "-jar", demoJar().toString()));

    assertThat(output)
        .contains("INFO DpopGate - DPoP RESOURCE_SERVER refused a request from 127.0.0.1:"
            + " REPLAYED_PROOF")
        .contains("(JAX-RS feature)")
        .contains("All 7 steps behaved as expected.")
        .doesNotContain("WARNING", "Exception");
  }

  /**
   * As the README tells an operator: a SoftHSM2 token initialized with softhsm2-util, a
   * non-extractable EC key made by keytool, and the demo started with the PKCS#11 flags.
   */
  @Test
  void theJarSignsAccessTokensWithAKeyInAPkcs11Token() throws Exception {
    assertThat(SOFTHSM_LIBRARY).as("SoftHSM2 (apt-get install -y softhsm2)").exists();
    Path directory = Path.of("target", "demo-softhsm").toAbsolutePath();
    deleteRecursively(directory);
    Files.createDirectories(directory.resolve("tokens"));
    Path softhsmConf = Files.writeString(directory.resolve("softhsm2.conf"),
        "directories.tokendir = " + directory.resolve("tokens") + "\n"
            + "objectstore.backend = file\nlog.level = ERROR\n");
    Path keytoolConf = Files.writeString(directory.resolve("pkcs11.cfg"),
        "name = keytool\nlibrary = " + SOFTHSM_LIBRARY + "\nslotListIndex = 0\n"
            + "attributes(*, CKO_PRIVATE_KEY, *) = {\n"
            + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
    runToTheEnd(withToken(softhsmConf, new ProcessBuilder("softhsm2-util", "--init-token",
        "--free", "--label", "dpop-demo", "--pin", PIN, "--so-pin", "so-" + PIN)));
    runToTheEnd(withToken(softhsmConf, new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", "NONE", "-storetype", "PKCS11",
        "-addprovider", "SunPKCS11", "-providerArg", keytoolConf.toString(),
        "-storepass:env", PIN_VARIABLE, "-alias", "as-signing",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=as-signing")));

    String output = runToTheEnd(withToken(softhsmConf, new ProcessBuilder(
        java(), "-jar", demoJar().toString(),
        "--pkcs11-library", SOFTHSM_LIBRARY.toString(), "--pkcs11-slot-index", "0",
        "--pkcs11-pin-env", PIN_VARIABLE, "--pkcs11-key-alias", "as-signing")));

    assertThat(output)
        .contains("access tokens are signed with the ES256 key 'as-signing' in the PKCS#11 token")
        .contains("All 7 steps behaved as expected.");
  }

  private static ProcessBuilder withToken(Path softhsmConf, ProcessBuilder command) {
    command.environment().put("SOFTHSM2_CONF", softhsmConf.toString());
    command.environment().put(PIN_VARIABLE, PIN);
    return command;
  }

  /** Runs {@code command}, requiring exit status 0; returns its output and error output. */
  private static String runToTheEnd(ProcessBuilder command) throws Exception {
    Process process = command.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(command.command().get(0)).isTrue();
    assertThat(process.exitValue()).as(command.command() + " printed:\n" + output).isZero();
    return output;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static Path demoJar() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(Path.of("target"), "dpop-demo-*.jar")) {
      found.forEach(jars::add);
    }
    assertThat(jars).as("the shaded jar of the package phase").hasSize(1);
    return jars.get(0);
  }
}
