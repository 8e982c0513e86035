package org.dpop4j.core.http;

import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.DpopError;

/**
 * Builds the {@code WWW-Authenticate} value of RFC 9449 §7.1 and RFC 6750 §3, for example
 * {@code DPoP error="invalid_dpop_proof", error_description="DPoP proof is too old",
 * algs="ES256 PS256"}. Values are quoted; characters that cannot appear in a quoted string are
 * dropped, so request data could never break the header even if it were passed in.
 */
public final class DpopChallenge {

  private final Optional<DpopError> error;
  private final Optional<String> description;
  private final String algs;

  private DpopChallenge(Optional<DpopError> error, Optional<String> description, String algs) {
    this.error = error;
    this.description = description;
    this.algs = algs;
  }

  /** A challenge without an error, for requests that carried no credentials (RFC 6750 §3.1). */
  public static DpopChallenge withoutError(String algs) {
    return new DpopChallenge(Optional.empty(), Optional.empty(), Objects.requireNonNull(algs));
  }

  /** A challenge naming {@code error} and its {@code error_description}. */
  public static DpopChallenge withError(DpopError error, String description, String algs) {
    return new DpopChallenge(
        Optional.of(error), Optional.of(description), Objects.requireNonNull(algs));
  }

  /** The header value. */
  public String headerValue() {
    StringBuilder header = new StringBuilder("DPoP");
    String separator = " ";
    if (error.isPresent()) {
      header.append(separator).append("error=").append(quoted(error.get().code()));
      separator = ", ";
    }
    if (description.isPresent()) {
      header.append(separator).append("error_description=").append(quoted(description.get()));
      separator = ", ";
    }
    if (!algs.isEmpty()) {
      header.append(separator).append("algs=").append(quoted(algs));
    }
    return header.toString();
  }

  @Override
  public String toString() {
    return headerValue();
  }

  /** RFC 6750 limits error_description to %x20-21 / %x23-5B / %x5D-7E; keep only those. */
  private static String quoted(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
