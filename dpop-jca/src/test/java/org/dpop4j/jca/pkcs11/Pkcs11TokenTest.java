package org.dpop4j.jca.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.testing.SoftHsm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs11TokenTest {

  private final SoftHsm hsm = SoftHsm.get();
  private final Pkcs11Token token = hsm.token();

  @ParameterizedTest
  @EnumSource(names = {"ES256", "ES384", "ES512", "RS256"})
  void generatedPrivateKeysStayInTheToken(JwsAlgorithm algorithm) throws Exception {
    PrivateKey privateKey = hsm.proofKey(algorithm).getPrivate();

    assertThat(privateKey.getEncoded()).isNull();
    // SunPKCS11 reports the key's CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE attributes here.
    assertThat(privateKey.toString())
        .contains("token object", "sensitive", "unextractable")
        .doesNotContain("not sensitive");
    assertThatThrownBy(
            () ->
                KeyFactory.getInstance(privateKey.getAlgorithm(), token.provider())
                    .getKeySpec(privateKey, PKCS8EncodedKeySpec.class))
        .isInstanceOf(InvalidKeySpecException.class);
  }

  @Test
  void generatedKeyPairsPersistUnderTheirAlias() throws Exception {
    KeyPair generated = hsm.proofKey(JwsAlgorithm.ES256);

    try (Pkcs11Token reopened = openWith(PinSource.fromEnvironment(SoftHsm.PIN_VARIABLE), "reopened")) {
      KeyPair found = reopened.keyPair("proof-es256");
      assertThat(found.getPublic()).isEqualTo(generated.getPublic());
      assertThat(found.getPrivate().toString()).contains("token object", "unextractable");
      assertThat(reopened.aliases()).contains("proof-es256", SoftHsm.KEYTOOL_ALIAS);
    }
  }

  @Test
  void findsAKeyPairThatKeytoolCreated() throws Exception {
    KeyPair keys = token.keyPair(SoftHsm.KEYTOOL_ALIAS);

    assertThat(keys.getPrivate().getEncoded()).isNull();
    assertThat(keys.getPrivate().toString()).contains("sensitive", "unextractable");
    DpopProofFactory proofs =
        DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
            .provider(token.provider())
            .build();
    URI target = URI.create("https://api.example.test/orders");
    VerifiedProof verified =
        DpopVerifier.builder()
            .build()
            .verify(DpopRequest.toTokenEndpoint(
                "POST", target, List.of(proofs.proof("POST", target))));
    assertThat(verified.thumbprint()).isEqualTo(proofs.thumbprint());
  }

  @Test
  void anUnknownAliasIsAnErrorNotANull() {
    assertThatThrownBy(() -> token.keyPair("no-such-key"))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("no-such-key");
    assertThatThrownBy(() -> token.secretKey("no-such-key"))
        .isInstanceOf(KeyStoreException.class);
  }

  @Test
  void refusesToOverwriteAnAlias() {
    assertThatThrownBy(() -> token.generateKeyPair(SoftHsm.KEYTOOL_ALIAS, JwsAlgorithm.ES256))
        .isInstanceOf(KeyStoreException.class)
        .hasMessageContaining("already in use");
  }

  @Test
  void cannotGenerateEd25519KeysOnJdk17() {
    assertThatThrownBy(() -> token.generateKeyPair("ed25519", JwsAlgorithm.ED25519))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no EdDSA");
  }

  @Test
  void cannotGenerateMlDsaKeysOnJdk17() {
    assertThatThrownBy(() -> token.generateKeyPair("ml-dsa", JwsAlgorithm.ML_DSA_44))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ML-DSA");
  }

  @Test
  void logsInWithAPinFromAFile() throws Exception {
    Path pinFile = hsm.directory().resolve("pin.txt");
    Files.writeString(pinFile, SoftHsm.pin() + "\n");

    try (Pkcs11Token fromFile = openWith(PinSource.fromFile(pinFile), "pin-file")) {
      assertThat(fromFile.keyPair(SoftHsm.KEYTOOL_ALIAS).getPrivate().getEncoded()).isNull();
    }
  }

  @Test
  void logsInWithAPinFromACallbackAndWipesIt() throws Exception {
    char[] handedOut = SoftHsm.pin().toCharArray();
    AtomicInteger calls = new AtomicInteger();

    try (Pkcs11Token fromCallback =
        openWith(PinSource.fromCallback(() -> {
          calls.incrementAndGet();
          return handedOut;
        }), "pin-callback")) {
      assertThat(fromCallback.aliases()).contains(SoftHsm.KEYTOOL_ALIAS);
    }
    assertThat(calls).hasValue(1);
    assertThat(new String(handedOut)).isEqualTo("\0".repeat(handedOut.length));
  }

  @Test
  void aMissingModuleIsACheckedErrorNamingIt() {
    Path missing = Path.of("/nonexistent/libpkcs11.so");

    assertThatThrownBy(
            () ->
                Pkcs11Token.builder(missing, PinSource.fromCallback("1234"::toCharArray))
                    .name("missing-module")
                    .open())
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining(missing.toString());
    assertThat(java.security.Security.getProvider("SunPKCS11-missing-module")).isNull();
  }

  @Test
  void aWrongPinFailsWithoutRevealingIt() {
    String wrongPin = "wrong-" + SoftHsm.OTHER_TOKEN_PIN;
    PinSource source = PinSource.fromCallback(wrongPin::toCharArray);

    assertThatThrownBy(
            () ->
                Pkcs11Token.builder(SoftHsm.LIBRARY, source)
                    .name("wrong-pin")
                    .slot(hsm.otherSlot())
                    .open())
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("login")
        .satisfies(e -> assertThat(fullText(e)).doesNotContain(wrongPin));
    assertThat(source.toString()).doesNotContain(wrongPin);
    assertThat(java.security.Security.getProvider("SunPKCS11-wrong-pin")).isNull();
  }

  @Test
  void pinSourcesNameTheirOriginButNeverThePin() throws Exception {
    assertThat(PinSource.fromEnvironment(SoftHsm.PIN_VARIABLE).toString())
        .contains(SoftHsm.PIN_VARIABLE)
        .doesNotContain(SoftHsm.pin());
    assertThatThrownBy(() -> openWith(PinSource.fromEnvironment("DPOP4J_UNSET_PIN"), "unset"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DPOP4J_UNSET_PIN");
  }

  private Pkcs11Token openWith(PinSource pin, String name) throws GeneralSecurityException {
    return Pkcs11Token.builder(SoftHsm.LIBRARY, pin).name(name).slot(hsm.slot()).open();
  }

  private static String fullText(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
