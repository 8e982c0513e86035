package org.dpop4j.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;

/**
 * A fresh SoftHSM2 token in the directory of {@code SOFTHSM2_CONF} (failsafe sets it to
 * target/softhsm), opened through dpop-jca's {@link Pkcs11Token}. A missing SoftHSM2 fails the
 * run loudly: these tests never skip.
 */
final class SoftHsmToken {

  static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  /** Set by failsafe; the token's user PIN, never on a command line. */
  static final String PIN_VARIABLE = "DPOP4J_IT_TOKEN_PIN";

  private static final Pattern REASSIGNED_SLOT = Pattern.compile("reassigned to slot (\\d+)");

  private SoftHsmToken() {}

  /** Creates the token and opens it; SoftHSM2 allows this once per JVM (it reads its conf once). */
  static Pkcs11Token create() throws IOException, InterruptedException, GeneralSecurityException {
    if (!Files.isRegularFile(LIBRARY)) {
      throw new IllegalStateException(
          "SoftHSM2 is not installed: " + LIBRARY + " is missing (apt-get install -y softhsm2;"
              + " ./scripts/test.sh installs it)");
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    String pin = System.getenv(PIN_VARIABLE);
    if (conf == null || pin == null) {
      throw new IllegalStateException(
          "SOFTHSM2_CONF and " + PIN_VARIABLE + " are not set: run the tests through Maven");
    }
    Path directory = Directories.recreate(Path.of(conf).getParent());
    Files.createDirectories(directory.resolve("tokens"));
    Files.writeString(
        Path.of(conf),
        "directories.tokendir = " + directory.resolve("tokens") + "\n"
            + "objectstore.backend = file\n"
            + "log.level = ERROR\n");
    String output =
        run(
            List.of(
                "softhsm2-util", "--init-token", "--free", "--label", "dpop4j-it",
                "--pin", pin, "--so-pin", "so-" + pin));
    Matcher slot = REASSIGNED_SLOT.matcher(output);
    if (!slot.find()) {
      throw new IllegalStateException("softhsm2-util did not name the new slot: " + output);
    }
    return Pkcs11Token.builder(LIBRARY, PinSource.fromEnvironment(PIN_VARIABLE))
        .name("dpop4j-it")
        .slot(Long.parseLong(slot.group(1)))
        .open();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed: " + output);
    }
    return output;
  }
}
