package org.dpop4j.jca.client;

import java.io.IOException;
import java.util.Optional;

/**
 * The token endpoint did not issue a usable DPoP-bound token. The message holds the HTTP status
 * and the OAuth {@code error} code only: never credentials, never the response body.
 */
public final class TokenRequestException extends IOException {

  private final int status;
  private final String error;

  TokenRequestException(String message, int status, String error) {
    super(message);
    this.status = status;
    this.error = error;
  }

  /** The token endpoint's HTTP status. */
  public int status() {
    return status;
  }

  /** The OAuth {@code error} code of the response, when it had one. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }
}
