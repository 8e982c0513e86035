package org.dpop4j.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.util.Optional;
import java.util.logging.LogManager;
import org.dpop4j.jca.pkcs11.PinSource;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dpop-demo.jar}: tells the DPoP story against an in-process server and exits 0
 * when every step behaved as expected; {@code java -jar dpop-demo.jar serve}: keeps the server
 * running for other clients until the process is stopped. See {@link DemoOptions#USAGE}.
 */
public final class DemoMain {

  private static final int USAGE_ERROR = 2;

  private DemoMain() {}

  public static void main(String[] arguments) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(arguments);
    } catch (IllegalArgumentException e) {
      System.err.println("dpop-demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(USAGE_ERROR);
      return;
    }
    if (options.help()) {
      System.out.println(DemoOptions.USAGE);
      return;
    }
    quietenJavaUtilLogging();
    int status;
    try {
      status = run(options, System.out);
    } catch (GeneralSecurityException | ProviderException | IllegalStateException e) {
      // A PKCS#11 module, PIN or key alias that does not work: the operator needs the message,
      // not a stack trace. Messages of dpop-jca never contain the PIN.
      System.err.println("dpop-demo: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      status = 1;
    }
    if (status != 0 || !options.serve()) {
      // A served server that stopped normally was stopped by the shutdown hook: the JVM is exiting.
      System.exit(status);
    }
  }

  /** Runs the demo; returns the exit status. In serve mode, returns when the server stops. */
  static int run(DemoOptions options, PrintStream out) throws Exception {
    Optional<Pkcs11Token> token = Optional.empty();
    try {
      ServerKey key;
      if (options.pkcs11().isPresent()) {
        DemoOptions.Pkcs11Key where = options.pkcs11().get();
        token = Optional.of(open(where));
        key = ServerKey.fromPkcs11(token.get(), where.alias());
      } else {
        key = ServerKey.software();
      }
      if (options.serve()) {
        serve(options, key);
        return 0;
      }
      return Narration.tell(key, out).succeeded() ? 0 : 1;
    } finally {
      token.ifPresent(Pkcs11Token::close);
    }
  }

  private static void serve(DemoOptions options, ServerKey key) throws Exception {
    DemoServer server = DemoServer.start(options.port(), options.requireNonce(), key);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dpop-demo-shutdown"));
    Logger log = LoggerFactory.getLogger(DemoMain.class);
    log.info("Serving on {}; access tokens signed with the {}", server.baseUri(),
        key.description());
    log.info("Token endpoint {} (client_id {}, client_secret {}, a DPoP proof required{})",
        server.tokenEndpoint(), DemoServer.CLIENT_ID, DemoServer.CLIENT_SECRET,
        server.requiresNonce() ? ", with a server nonce" : "");
    log.info("API {}/api/hello (servlet filter) and /api/jaxrs/hello (JAX-RS)", server.baseUri());
    log.info("Metadata {}/.well-known/oauth-authorization-server; stop with Ctrl-C",
        server.baseUri());
    server.awaitStop();
  }

  private static Pkcs11Token open(DemoOptions.Pkcs11Key where) throws GeneralSecurityException {
    return Pkcs11Token.builder(where.library(), PinSource.fromEnvironment(where.pinVariable()))
        .slotListIndex(where.slotIndex())
        .name("dpop-demo")
        .open();
  }

  /**
   * Tomcat and Jersey log through java.util.logging; their start-up lines at INFO would bury the
   * story, so only their warnings are shown, on one line each.
   */
  private static void quietenJavaUtilLogging() throws IOException {
    try (InputStream configuration = DemoMain.class.getResourceAsStream("/demo-logging.properties")) {
      LogManager.getLogManager().readConfiguration(configuration);
    }
  }
}
