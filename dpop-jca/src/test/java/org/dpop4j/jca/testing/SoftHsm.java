package org.dpop4j.jca.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.dpop4j.testing.BuildSettings;
import org.dpop4j.testing.SoftHsm2;

/**
 * One real SoftHSM2 token per test JVM, in dpop-testing's {@link SoftHsm2} store (surefire sets
 * {@code SOFTHSM2_CONF} to target/softhsm), opened as dpop-jca's {@link Pkcs11Token}. SoftHSM reads
 * its configuration once, when the module is initialized, so every test in the JVM shares this
 * token. A missing SoftHSM fails the tests: they are never skipped.
 */
public final class SoftHsm {

  public static final Path LIBRARY = SoftHsm2.LIBRARY;
  /** Set by surefire; holds the user PIN of the test token. */
  public static final String PIN_VARIABLE = "DPOP4J_TEST_TOKEN_PIN";
  /** A second token, never logged in with its right PIN, for wrong-PIN tests. */
  public static final String OTHER_TOKEN_PIN = "other-token-pin";
  /** A key pair created outside the JVM by keytool, as an operator would. */
  public static final String KEYTOOL_ALIAS = "keytool-es256";

  private static SoftHsm instance;

  private final Path directory;
  private final long slot;
  private final long otherSlot;
  private final Pkcs11Token token;
  private final Map<JwsAlgorithm, KeyPair> proofKeys = new EnumMap<>(JwsAlgorithm.class);

  private SoftHsm() throws IOException, InterruptedException, GeneralSecurityException {
    SoftHsm2 store = SoftHsm2.freshStore();
    directory = store.directory();
    slot = store.initToken("dpop4j-test", pin());
    otherSlot = store.initToken("dpop4j-other", OTHER_TOKEN_PIN);
    store.createEcKeyWithKeytool(slot, PIN_VARIABLE, KEYTOOL_ALIAS);
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
    return BuildSettings.environment(PIN_VARIABLE);
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
}
