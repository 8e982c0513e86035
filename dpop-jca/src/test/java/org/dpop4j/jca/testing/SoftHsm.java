package org.dpop4j.jca.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;

/**
 * One real SoftHSM2 token per test JVM, created afresh in the directory of {@code SOFTHSM2_CONF}
 * (surefire sets it to target/softhsm). SoftHSM reads that variable once, when the module is
 * initialized, so every test in the JVM shares this token. A missing SoftHSM fails the tests: they
 * are never skipped.
 */
public final class SoftHsm {

  public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  /** Set by surefire; holds the user PIN of the test token. */
  public static final String PIN_VARIABLE = "DPOP4J_TEST_TOKEN_PIN";
  /** A second token, never logged in with its right PIN, for wrong-PIN tests. */
  public static final String OTHER_TOKEN_PIN = "other-token-pin";
  /** A key pair created outside the JVM by keytool, as an operator would. */
  public static final String KEYTOOL_ALIAS = "keytool-es256";

  private static final Pattern REASSIGNED_SLOT = Pattern.compile("reassigned to slot (\\d+)");

  private static SoftHsm instance;

  private final Path directory;
  private final long slot;
  private final long otherSlot;
  private final Pkcs11Token token;
  private final Map<JwsAlgorithm, KeyPair> proofKeys = new EnumMap<>(JwsAlgorithm.class);

  private SoftHsm() throws IOException, InterruptedException, GeneralSecurityException {
    if (!Files.isRegularFile(LIBRARY)) {
      throw new IllegalStateException(
          "SoftHSM2 is not installed: " + LIBRARY + " is missing (apt-get install -y softhsm2)");
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      throw new IllegalStateException(
          "SOFTHSM2_CONF is not set: run the tests through Maven, whose surefire sets it");
    }
    Path confFile = Path.of(conf);
    directory = confFile.getParent();
    deleteRecursively(directory);
    Files.createDirectories(directory.resolve("tokens"));
    Files.writeString(
        confFile,
        "directories.tokendir = " + directory.resolve("tokens") + "\n"
            + "objectstore.backend = file\n"
            + "log.level = ERROR\n");
    slot = initToken("dpop4j-test", pin());
    otherSlot = initToken("dpop4j-other", OTHER_TOKEN_PIN);
    createKeyWithKeytool();
    token =
        Pkcs11Token.builder(LIBRARY, PinSource.fromEnvironment(PIN_VARIABLE))
            .name("dpop4j-test")
            .slot(slot)
            .open();
  }

  /** The shared test token, created on first use. */
  public static synchronized SoftHsm get() {
    if (instance == null) {
      try {
        instance = new SoftHsm();
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("setting up the SoftHSM2 test token failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public Pkcs11Token token() {
    return token;
  }

  public long slot() {
    return slot;
  }

  public long otherSlot() {
    return otherSlot;
  }

  /** A scratch directory for files such as PIN files. */
  public Path directory() {
    return directory;
  }

  public static String pin() {
    String pin = System.getenv(PIN_VARIABLE);
    if (pin == null) {
      throw new IllegalStateException(PIN_VARIABLE + " is not set: run the tests through Maven");
    }
    return pin;
  }

  /** A key pair generated on the token for {@code algorithm}, once per JVM. */
  public synchronized KeyPair proofKey(JwsAlgorithm algorithm) {
    return proofKeys.computeIfAbsent(
        algorithm,
        alg -> {
          try {
            return token.generateKeyPair("proof-" + alg.joseName().toLowerCase(Locale.ROOT), alg);
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The key pair under {@code alias}, generated on the token for {@code algorithm} if absent. */
  public synchronized KeyPair keyPair(String alias, JwsAlgorithm algorithm) {
    try {
      return token.aliases().contains(alias)
          ? token.keyPair(alias)
          : token.generateKeyPair(alias, algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private long initToken(String label, String userPin) throws IOException, InterruptedException {
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

  /** keytool reads the PIN from the environment, so it is not on any command line. */
  private void createKeyWithKeytool() throws IOException, InterruptedException {
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
            "-storepass:env", PIN_VARIABLE, "-alias", KEYTOOL_ALIAS, "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=" + KEYTOOL_ALIAS, "-validity", "3650"));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed: " + output);
    }
    return output;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(SoftHsm::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
