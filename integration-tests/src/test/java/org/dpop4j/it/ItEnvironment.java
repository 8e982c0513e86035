package org.dpop4j.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.client.ClientCredentials;
import org.dpop4j.jca.client.DpopClient;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the tests of one JVM share: the SoftHSM2 token holding the client's key and the
 * authorization server's signing key, and the running {@link HsmAuthorizationServer}.
 *
 * <p>The deployments embed the authorization server's JWKS, and Arquillian builds them in its own
 * {@code beforeAll}; so {@link Extension} must be registered before {@code ArquillianExtension}.
 * JUnit closes the environment when the test JVM's last class has run.
 */
final class ItEnvironment implements ExtensionContext.Store.CloseableResource {

  private static volatile ItEnvironment current;

  private final Pkcs11Token hsm;
  private final KeyPair clientKeys;
  private final String clientSecret;
  private final HsmAuthorizationServer authorizationServer;
  private final Path nonceSecret;

  private ItEnvironment() throws Exception {
    hsm = SoftHsmToken.create();
    clientKeys = hsm.generateKeyPair("it-client", JwsAlgorithm.ES256);
    clientSecret = randomBase64(24);
    authorizationServer = new HsmAuthorizationServer(hsm, clientSecret);
    Path work = Files.createDirectories(Path.of(System.getProperty("it.work")));
    nonceSecret = Files.writeString(work.resolve("nonce-secret"), randomBase64(32));
  }

  /** The environment {@link Extension} started. */
  static ItEnvironment get() {
    ItEnvironment environment = current;
    if (environment == null) {
      throw new IllegalStateException(
          "ItEnvironment.Extension must be registered before ArquillianExtension");
    }
    return environment;
  }

  /**
   * The {@code dpop.*} settings every deployment starts from: JWT access tokens from the test
   * authorization server, whose JWKS is given inline.
   */
  Map<String, String> resourceServerSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("dpop.token.jwks", authorizationServer.jwks());
    settings.put("dpop.token.issuer", authorizationServer.issuer());
    settings.put("dpop.token.audience", HsmAuthorizationServer.AUDIENCE);
    return settings;
  }

  /** The HMAC key file for {@code dpop.nonce.secret}; servers read it, never the test. */
  Path nonceSecretFile() {
    return nonceSecret;
  }

  /** Proofs signed in the HSM with the client's key. */
  DpopProofFactory clientProofs() {
    return clientProofs(Clock.systemUTC());
  }

  /** Proofs signed with the client's key whose {@code iat} comes from {@code clock}. */
  DpopProofFactory clientProofs(Clock clock) {
    return DpopProofFactory.builder(
            JwsAlgorithm.ES256, clientKeys.getPrivate(), clientKeys.getPublic())
        .provider(hsm.provider())
        .clock(clock)
        .build();
  }

  /** Proofs from a fresh software key that no token is bound to: a thief's. */
  static DpopProofFactory strangerProofs() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    return DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
        .build();
  }

  /** A new client: it knows no server nonce yet and holds no token. */
  DpopClient newClient() {
    return newClient("greetings.read");
  }

  /** A new client whose tokens carry {@code scope}, the deployments' roles. */
  DpopClient newClient(String scope) {
    return DpopClient.builder(clientProofs())
        .clientCredentials(
            ClientCredentials.of(
                    authorizationServer.tokenEndpoint(), HsmAuthorizationServer.CLIENT_ID,
                    clientSecret)
                .withScope(scope))
        .build();
  }

  @Override
  public void close() {
    current = null;
    authorizationServer.close();
    hsm.close();
  }

  private static String randomBase64(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }

  /** Starts the environment once per test JVM. */
  static final class Extension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(ItEnvironment.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      current =
          context
              .getRoot()
              .getStore(NAMESPACE)
              .getOrComputeIfAbsent(ItEnvironment.class, key -> start(), ItEnvironment.class);
    }

    private static ItEnvironment start() {
      try {
        return new ItEnvironment();
      } catch (Exception e) {
        throw new IllegalStateException("starting the SoftHSM2 token and the test"
            + " authorization server failed", e);
      }
    }
  }
}
