package org.dpop4j.jca.pkcs11;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a token's user PIN comes from. The PIN is read only when the token is opened, handed to
 * the token and then wiped; it never appears in a message, a log or {@link #toString()}.
 */
public final class PinSource {

  private final String description;
  private final Supplier<char[]> reader;

  private PinSource(String description, Supplier<char[]> reader) {
    this.description = description;
    this.reader = reader;
  }

  /** The PIN is the value of environment variable {@code variable}. */
  public static PinSource fromEnvironment(String variable) {
    Objects.requireNonNull(variable, "variable");
    return new PinSource(
        "environment variable " + variable,
        () -> {
          String value = System.getenv(variable);
          if (value == null || value.isEmpty()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
          }
          return value.toCharArray();
        });
  }

  /**
   * The PIN is the content of {@code file} (UTF-8), without a trailing line break. Keep the file
   * readable by the service's user only.
   */
  public static PinSource fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return new PinSource(
        "file " + file,
        () -> {
          byte[] content;
          try {
            content = Files.readAllBytes(file);
          } catch (IOException e) {
            // The message names the file only; an IOException never carries the content.
            throw new IllegalStateException("cannot read the PIN file " + file, e);
          }
          char[] pin = decode(content);
          Arrays.fill(content, (byte) 0);
          return pin;
        });
  }

  /**
   * The PIN is asked for each time the token is opened, for example from a secrets manager or a
   * console. The returned array is wiped after use.
   */
  public static PinSource fromCallback(Supplier<char[]> callback) {
    Objects.requireNonNull(callback, "callback");
    return new PinSource(
        "callback",
        () -> {
          char[] pin = callback.get();
          if (pin == null || pin.length == 0) {
            throw new IllegalStateException("the PIN callback returned no PIN");
          }
          return pin;
        });
  }

  /** The PIN, freshly read. The caller wipes it. */
  char[] read() {
    return reader.get();
  }

  private static char[] decode(byte[] content) {
    CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(content));
    int length = chars.limit();
    while (length > 0 && (chars.get(length - 1) == '\n' || chars.get(length - 1) == '\r')) {
      length--;
    }
    char[] pin = new char[length];
    chars.get(pin, 0, length);
    Arrays.fill(chars.array(), '\0');
    if (length == 0) {
      throw new IllegalStateException("the PIN file is empty");
    }
    return pin;
  }

  @Override
  public String toString() {
    return "PinSource{" + description + "}";
  }
}
