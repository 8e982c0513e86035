package org.dpop4j.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a secret named by a setting of the form {@code env:VARIABLE} or {@code file:/path}. The
 * secret itself never appears in configuration files, and no message here contains it.
 */
final class SecretReference {

  private SecretReference() {}

  /**
   * @throws IllegalArgumentException naming {@code setting} (never the secret) when the reference
   *     is malformed, the variable is unset or the file unreadable or empty
   */
  static String read(String setting, String reference, Function<String, String> environment) {
    String secret;
    if (reference.startsWith("env:")) {
      String variable = reference.substring(4);
      secret = variable.isEmpty() ? null : environment.apply(variable);
      if (secret == null) {
        throw new IllegalArgumentException(
            setting + ": environment variable '" + variable + "' is not set");
      }
    } else if (reference.startsWith("file:")) {
      String file = reference.substring(5);
      try {
        secret = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        throw new IllegalArgumentException(setting + ": cannot read the file '" + file + "'", e);
      }
    } else {
      throw new IllegalArgumentException(
          setting + " must be env:VARIABLE or file:/path, so that the secret stays out of"
              + " configuration files");
    }
    secret = secret.strip();
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(setting + ": the secret is empty");
    }
    return secret;
  }
}
