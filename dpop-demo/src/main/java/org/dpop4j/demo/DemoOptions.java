package org.dpop4j.demo;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The command line: {@code [serve] [--port N] [--require-nonce] [--pkcs11-library PATH
 * --pkcs11-pin-env VAR --pkcs11-key-alias A [--pkcs11-slot-index N]]}. Without {@code serve} the
 * demo tells its story and exits; {@code --port} and {@code --require-nonce} apply to {@code serve}
 * only.
 */
record DemoOptions(
    boolean serve, boolean help, int port, boolean requireNonce, Optional<Pkcs11Key> pkcs11) {

  static final int DEFAULT_PORT = 8080;

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: java -jar dpop-demo.jar [serve] [options]",
          "  (no command)             run the narrated flow against an in-process server and exit:",
          "                           0 when every step behaved as expected, 1 otherwise",
          "  serve                    run the server until interrupted, for outside DPoP clients",
          "options:",
          "  --port N                 serve: the port on 127.0.0.1 (default 8080, 0 for any free one)",
          "  --require-nonce          serve: demand DPoP nonces at the token endpoint and the API",
          "  --pkcs11-library PATH    sign access tokens with a key in a PKCS#11 token, through",
          "                           this module (e.g. /usr/lib/softhsm/libsofthsm2.so)",
          "  --pkcs11-slot-index N    the token's index in the module's slot list (default 0)",
          "  --pkcs11-pin-env VAR     the environment variable that holds the user PIN",
          "  --pkcs11-key-alias A     the key pair's alias (an EC P-256/384/521 or RSA key)",
          "  --help                   this text");

  /** Where the token-signing key lives when it is in a PKCS#11 token. */
  record Pkcs11Key(Path library, int slotIndex, String pinVariable, String alias) {}

  /**
   * @throws IllegalArgumentException with a message for the user when the arguments are wrong
   */
  static DemoOptions parse(String... arguments) {
    Deque<String> remaining = new ArrayDeque<>(List.of(arguments));
    boolean serve = "serve".equals(remaining.peekFirst());
    if (serve) {
      remaining.removeFirst();
    }
    boolean help = false;
    Optional<Integer> port = Optional.empty();
    boolean requireNonce = false;
    Optional<Path> library = Optional.empty();
    Optional<Integer> slotIndex = Optional.empty();
    Optional<String> pinVariable = Optional.empty();
    Optional<String> alias = Optional.empty();
    while (!remaining.isEmpty()) {
      String option = remaining.removeFirst();
      switch (option) {
        case "--help", "-h" -> help = true;
        case "--port" -> port = Optional.of(number(option, value(option, remaining), 0, 65_535));
        case "--require-nonce" -> requireNonce = true;
        case "--pkcs11-library" -> library = Optional.of(Path.of(value(option, remaining)));
        case "--pkcs11-slot-index" ->
            slotIndex = Optional.of(number(option, value(option, remaining), 0, Integer.MAX_VALUE));
        case "--pkcs11-pin-env" -> pinVariable = Optional.of(value(option, remaining));
        case "--pkcs11-key-alias" -> alias = Optional.of(value(option, remaining));
        default -> throw new IllegalArgumentException("unknown argument '" + option + "'");
      }
    }
    if (!serve && (port.isPresent() || requireNonce)) {
      throw new IllegalArgumentException("--port and --require-nonce apply to serve only");
    }
    Optional<Pkcs11Key> pkcs11 = Optional.empty();
    if (library.isPresent() || slotIndex.isPresent() || pinVariable.isPresent()
        || alias.isPresent()) {
      if (library.isEmpty() || pinVariable.isEmpty() || alias.isEmpty()) {
        throw new IllegalArgumentException(
            "a PKCS#11 key needs --pkcs11-library, --pkcs11-pin-env and --pkcs11-key-alias");
      }
      pkcs11 =
          Optional.of(
              new Pkcs11Key(library.get(), slotIndex.orElse(0), pinVariable.get(), alias.get()));
    }
    return new DemoOptions(serve, help, port.orElse(DEFAULT_PORT), requireNonce, pkcs11);
  }

  private static String value(String option, Deque<String> remaining) {
    if (remaining.isEmpty() || remaining.peekFirst().startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return remaining.removeFirst();
  }

  private static int number(String option, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the option's name
    }
    throw new IllegalArgumentException(
        option + " must be a whole number within " + min + ".." + max + ", not '" + text + "'");
  }
}
