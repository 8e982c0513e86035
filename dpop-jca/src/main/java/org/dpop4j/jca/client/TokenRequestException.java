package org.dpop4j.jca.client;

import java.io.IOException;
import java.util.Optional;

/**
 * The token endpoint did not issue a usable DPoP-bound token. The message holds the HTTP status
 * and the server's OAuth {@code error} and {@code error_description}, never credentials: they are
 * the server's text, so they are kept to printable ASCII (anything else escaped as {@code
 * \\uXXXX}) and bounded in length before they are stored.
 */
public final class TokenRequestException extends IOException {

  static final int MAX_ERROR_LENGTH = 64;
  static final int MAX_DESCRIPTION_LENGTH = 256;

  private final int status;
  private final String error;
  private final String errorDescription;

  TokenRequestException(String message, int status, String error, String errorDescription) {
    super(
        message
            + (error == null ? "" : " " + safe(error, MAX_ERROR_LENGTH))
            + (errorDescription == null
                ? ""
                : ": " + safe(errorDescription, MAX_DESCRIPTION_LENGTH)));
    this.status = status;
    this.error = error == null ? null : safe(error, MAX_ERROR_LENGTH);
    this.errorDescription =
        errorDescription == null ? null : safe(errorDescription, MAX_DESCRIPTION_LENGTH);
  }

  /** The token endpoint's HTTP status. */
  public int status() {
    return status;
  }

  /** The OAuth {@code error} code of the response, when it had one. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The response's {@code error_description}, escaped and bounded, when it had one. */
  public Optional<String> errorDescription() {
    return Optional.ofNullable(errorDescription);
  }

  /** RFC 6749 §5.2 allows printable ASCII only; anything else is escaped, then cut. */
  static String safe(String text, int maxLength) {
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < text.length() && safe.length() <= maxLength; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        safe.append(c);
      } else {
        safe.append(String.format("\\u%04x", (int) c));
      }
    }
    return safe.length() > maxLength ? safe.substring(0, maxLength) + "..." : safe.toString();
  }
}
