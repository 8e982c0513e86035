package org.dpop4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh SoftHSM2 token store in the directory of {@code SOFTHSM2_CONF} (surefire and failsafe
 * set it), with tokens initialized by {@code softhsm2-util}. SoftHSM reads that variable once, when
 * its PKCS#11 module is initialized, so create the store once per JVM, before the module is
 * loaded. A missing SoftHSM2 fails the tests loudly: they are never skipped. Opening a token is the
 * calling module's step (dpop-jca's {@code Pkcs11Token} on {@link #LIBRARY} and a slot).
 */
public final class SoftHsm2 {

  public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  private static final Pattern REASSIGNED_SLOT = Pattern.compile("reassigned to slot (\\d+)");

  private final Path directory;

  private SoftHsm2(Path directory) {
    this.directory = directory;
  }

  /** Deletes the store of {@code SOFTHSM2_CONF}'s directory and writes a configuration afresh. */
  public static SoftHsm2 freshStore() throws IOException {
    if (!Files.isRegularFile(LIBRARY)) {
      throw new IllegalStateException(
          "SoftHSM2 is not installed: " + LIBRARY + " is missing (apt-get install -y softhsm2;"
              + " ./scripts/test.sh installs it)");
    }
    Path conf = Path.of(BuildSettings.environment("SOFTHSM2_CONF"));
    Path directory = Directories.recreate(conf.getParent());
    Files.createDirectories(directory.resolve("tokens"));
    Files.writeString(
        conf,
        "directories.tokendir = " + directory.resolve("tokens") + "\n"
            + "objectstore.backend = file\n"
            + "log.level = ERROR\n");
    return new SoftHsm2(directory);
  }

  /** The store's directory, also a scratch directory for files such as PIN files. */
  public Path directory() {
    return directory;
  }

  /**
   * Initializes a token {@code label} in a free slot, with {@code userPin} (and the security
   * officer PIN {@code "so-" + userPin}).
   *
   * @return the slot SoftHSM2 assigned the token
   */
  public long initToken(String label, String userPin) throws IOException, InterruptedException {
    String output =
        run(
            List.of(
                "softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", userPin, "--so-pin", "so-" + userPin));
    Matcher matcher = REASSIGNED_SLOT.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("softhsm2-util did not name the new slot: " + output);
    }
    return Long.parseLong(matcher.group(1));
  }

  /**
   * Creates a non-extractable P-256 key pair {@code alias} in {@code slot} with {@code keytool},
   * as an operator would. keytool reads the PIN from the environment variable {@code pinVariable},
   * so it is on no command line.
   */
  public void createEcKeyWithKeytool(long slot, String pinVariable, String alias)
      throws IOException, InterruptedException {
    Path config = directory.resolve("keytool-pkcs11.cfg");
    Files.writeString(
        config,
        "name = keytool\n"
            + "library = " + LIBRARY + "\n"
            + "slot = " + slot + "\n"
            + "attributes(*, CKO_PRIVATE_KEY, *) = {\n"
            + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        List.of(
            keytool.toString(), "-genkeypair", "-keystore", "NONE", "-storetype", "PKCS11",
            "-addprovider", "SunPKCS11", "-providerArg", config.toString(),
            "-storepass:env", pinVariable, "-alias", alias, "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=" + alias, "-validity", "3650"));
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
