package org.dpop4j.it;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.dpop4j.testing.BuildSettings;
import org.dpop4j.testing.SoftHsm2;

/**
 * A fresh token in dpop-testing's {@link SoftHsm2} store (failsafe sets {@code SOFTHSM2_CONF} to
 * target/softhsm), opened through dpop-jca's {@link Pkcs11Token}. A missing SoftHSM2 fails the
 * run loudly: these tests never skip.
 */
final class SoftHsmToken {

  /** Set by failsafe; the token's user PIN, never on a command line. */
  static final String PIN_VARIABLE = "DPOP4J_IT_TOKEN_PIN";

  private SoftHsmToken() {}

  /** Creates the token and opens it; SoftHSM2 allows this once per JVM (it reads its conf once). */
  static Pkcs11Token create() throws IOException, InterruptedException, GeneralSecurityException {
    long slot = SoftHsm2.freshStore().initToken("dpop4j-it", BuildSettings.environment(PIN_VARIABLE));
    return Pkcs11Token.builder(SoftHsm2.LIBRARY, PinSource.fromEnvironment(PIN_VARIABLE))
        .name("dpop4j-it")
        .slot(slot)
        .open();
  }
}
