package org.dpop4j.jca.pkcs11;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * A logged-in PKCS#11 token behind the JDK's SunPKCS11 provider: finds and generates the keys
 * that sign DPoP proofs and access tokens, and the HMAC key of a nonce service, such that private
 * and secret keys never leave the token.
 *
 * <p>Every key this provider creates is marked {@code CKA_SENSITIVE} and not {@code
 * CKA_EXTRACTABLE}, and every key generated through it is a persistent token object. Opening
 * registers the provider with {@link Security} (jose4j selects providers by name); {@link #close()}
 * removes it.
 *
 * <pre>{@code
 * try (Pkcs11Token token = Pkcs11Token.builder(
 *         Path.of("/usr/lib/softhsm/libsofthsm2.so"), PinSource.fromEnvironment("HSM_PIN"))
 *     .slotListIndex(0)
 *     .open()) {
 *   KeyPair keys = token.keyPair("dpop-client");
 *   ...
 * }
 * }</pre>
 */
public final class Pkcs11Token implements AutoCloseable {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int RSA_BITS = 2048;
  private static final String DEFAULT_NAME = "dpop4j";

  private final Provider provider;
  private final KeyStore keyStore;
  private final Clock clock;

  private Pkcs11Token(Provider provider, KeyStore keyStore, Clock clock) {
    this.provider = provider;
    this.keyStore = keyStore;
    this.clock = clock;
  }

  /**
   * @param library the vendor's PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
   * @param pin the user PIN's source
   */
  public static Builder builder(Path library, PinSource pin) {
    return new Builder(library, pin);
  }

  /** The SunPKCS11 instance bound to this token, registered with {@link Security}. */
  public Provider provider() {
    return provider;
  }

  /**
   * The private key with alias {@code alias} and the public key of its certificate.
   *
   * @throws KeyStoreException if the token has no private key with a certificate under that alias
   */
  public KeyPair keyPair(String alias) throws GeneralSecurityException {
    Key key = keyStore.getKey(Objects.requireNonNull(alias, "alias"), null);
    Certificate certificate = keyStore.getCertificate(alias);
    if (!(key instanceof PrivateKey privateKey) || certificate == null) {
      throw new KeyStoreException(
          "no private key with a certificate under alias '" + alias + "' on the token");
    }
    return new KeyPair(certificate.getPublicKey(), privateKey);
  }

  /**
   * Generates a key pair for {@code algorithm} on the token (RSA keys have 2048 bits), with a
   * self-signed certificate that makes it findable under {@code alias}. The private key is
   * sensitive and non-extractable; the token performs every operation with it.
   *
   * @throws IllegalArgumentException for Ed25519 and ML-DSA: SunPKCS11 on JDK 17 has neither
   * @throws KeyStoreException if {@code alias} is taken
   */
  public KeyPair generateKeyPair(String alias, JwsAlgorithm algorithm)
      throws GeneralSecurityException {
    requireFreeAlias(alias);
    KeyPairGenerator generator;
    switch (algorithm.keyType()) {
      case "EC" -> {
        generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(secCurveName(algorithm)));
      }
      case "RSA" -> {
        generator = KeyPairGenerator.getInstance("RSA", provider);
        generator.initialize(RSA_BITS);
      }
      default -> throw new IllegalArgumentException(
          algorithm.joseName() + " keys cannot be generated: SunPKCS11 on JDK 17 has no "
              + (algorithm.keyType().equals("AKP") ? "ML-DSA" : "EdDSA"));
    }
    KeyPair generated = generator.generateKeyPair();
    Certificate certificate =
        SelfSignedCertificate.create(alias, generated, provider, clock.instant());
    keyStore.setKeyEntry(alias, generated.getPrivate(), null, new Certificate[] {certificate});
    return keyPair(alias);
  }

  /**
   * The secret key with alias {@code alias}, for example a nonce service's HMAC key.
   *
   * @throws KeyStoreException if the token has no secret key under that alias
   */
  public SecretKey secretKey(String alias) throws GeneralSecurityException {
    Key key = keyStore.getKey(Objects.requireNonNull(alias, "alias"), null);
    if (!(key instanceof SecretKey secretKey)) {
      throw new KeyStoreException("no secret key under alias '" + alias + "' on the token");
    }
    return secretKey;
  }

  /**
   * Generates a 256-bit HMAC-SHA256 key on the token under {@code alias}: sensitive and
   * non-extractable, for {@code NonceService.builder(key).provider(token.provider())}.
   */
  public SecretKey generateHmacKey(String alias) throws GeneralSecurityException {
    requireFreeAlias(alias);
    KeyGenerator generator = KeyGenerator.getInstance("HmacSHA256", provider);
    generator.init(256);
    keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
    return secretKey(alias);
  }

  /** Every alias on the token: key pairs with certificates, and secret keys. */
  public List<String> aliases() throws KeyStoreException {
    return List.copyOf(Collections.list(keyStore.aliases()));
  }

  /** Unregisters the provider. The token's keys stay where they are. */
  @Override
  public void close() {
    if (Security.getProvider(provider.getName()) == provider) {
      Security.removeProvider(provider.getName());
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Token{" + provider.getName() + "}";
  }

  private void requireFreeAlias(String alias) throws KeyStoreException {
    if (keyStore.containsAlias(Objects.requireNonNull(alias, "alias"))) {
      throw new KeyStoreException("alias '" + alias + "' is already in use on the token");
    }
  }

  private static String secCurveName(JwsAlgorithm algorithm) {
    return switch (algorithm.curve().orElseThrow()) {
      case "P-256" -> "secp256r1";
      case "P-384" -> "secp384r1";
      case "P-521" -> "secp521r1";
      default -> throw new IllegalArgumentException("unsupported curve for " + algorithm);
    };
  }

  /** Configures and opens a {@link Pkcs11Token}. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final Path library;
    private final PinSource pin;
    private String name;
    private Long slotId;
    private Integer slotListIndex;
    private Clock clock;

    private Builder(Path library, PinSource pin) {
      this.library = Objects.requireNonNull(library, "library");
      this.pin = Objects.requireNonNull(pin, "pin");
    }

    /**
     * The provider is named {@code SunPKCS11-<name>}; it must be unique in the JVM. Default
     * {@code dpop4j}.
     *
     * @throws IllegalArgumentException unless {@code name} is 1 to 64 of A-Z a-z 0-9 _ -
     * @throws IllegalStateException if the name is already set
     */
    public Builder name(String name) {
      if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
        throw new IllegalArgumentException("name must be 1..64 of A-Z a-z 0-9 _ -");
      }
      this.name = options.set("name", name);
      return this;
    }

    /**
     * The token in the slot with this PKCS#11 slot ID; not together with {@link #slotListIndex}.
     *
     * @throws IllegalArgumentException if {@code slotId} is negative
     * @throws IllegalStateException if the slot is already set
     */
    public Builder slot(long slotId) {
      if (slotId < 0) {
        throw new IllegalArgumentException("slot must not be negative");
      }
      this.slotId = options.set("slot", slotId);
      return this;
    }

    /**
     * The token in the slot at this index of the module's slot list; not together with {@link
     * #slot}. Default 0. Prefer this for SoftHSM, which gives every new token a random slot ID
     * but lists set-up tokens first.
     *
     * @throws IllegalArgumentException if {@code index} is negative
     * @throws IllegalStateException if the slot-list index is already set
     */
    public Builder slotListIndex(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("slotListIndex must not be negative");
      }
      this.slotListIndex = options.set("slotListIndex", index);
      return this;
    }

    /**
     * The clock for the validity of generated certificates. Default: the system clock.
     *
     * @throws IllegalStateException if the clock is already set
     */
    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * Loads the module, registers the provider and logs in.
     *
     * @throws GeneralSecurityException if the module cannot be loaded or the login fails; the
     *     message never contains the PIN
     * @throws IllegalStateException if both a slot and a slot-list index are set, or a provider
     *     of this name is registered already
     */
    public Pkcs11Token open() throws GeneralSecurityException {
      if (slotId != null && slotListIndex != null) {
        throw new IllegalStateException(
            "slot and slotListIndex both select the token: set one of them");
      }
      String tokenName = Objects.requireNonNullElse(name, DEFAULT_NAME);
      String configuration = configuration(tokenName);
      String providerName = "SunPKCS11-" + tokenName;
      if (Security.getProvider(providerName) != null) {
        throw new IllegalStateException("a provider named " + providerName + " is registered");
      }
      Provider provider;
      try {
        provider = Security.getProvider("SunPKCS11").configure(configuration);
      } catch (ProviderException e) {
        // SunPKCS11 reports a missing module or a failed C_Initialize unchecked.
        throw new GeneralSecurityException(
            "the PKCS#11 module " + library + " could not be loaded or initialized", e);
      }
      Security.addProvider(provider);
      try {
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        login(keyStore);
        return new Pkcs11Token(
            provider, keyStore, Objects.requireNonNullElseGet(clock, Clock::systemUTC));
      } catch (GeneralSecurityException | RuntimeException e) {
        Security.removeProvider(providerName);
        throw e;
      }
    }

    private void login(KeyStore keyStore) throws GeneralSecurityException {
      char[] secret = pin.read();
      try {
        keyStore.load(null, secret);
      } catch (IOException e) {
        throw new GeneralSecurityException(
            "login to the PKCS#11 token with the PIN from " + pin + " failed", e);
      } finally {
        Arrays.fill(secret, '\0');
      }
    }

    /** SunPKCS11 configuration; "--" marks it as inline text rather than a file name. */
    private String configuration(String tokenName) {
      String libraryPath = library.toAbsolutePath().toString();
      if (libraryPath.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '"')) {
        throw new IllegalArgumentException("the library path contains a line break or quote");
      }
      return "--name = " + tokenName + "\n"
          + "library = " + libraryPath + "\n"
          + (slotId != null
              ? "slot = " + slotId
              : "slotListIndex = " + Objects.requireNonNullElse(slotListIndex, 0))
          + "\n"
          // Keys generated through this provider persist on the token, so that they can be
          // stored under an alias without ever being copied.
          + "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n}\n"
          + "attributes(*, CKO_PRIVATE_KEY, *) = {\n"
          + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
          + "attributes(*, CKO_SECRET_KEY, *) = {\n"
          + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";
    }
  }
}
