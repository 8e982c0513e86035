package org.dpop4j.core;

import java.util.Objects;

/**
 * A refused request. The {@link #reason()} names the failed check; its {@link
 * RefusalReason#error()} and {@link RefusalReason#description()} are what the client is told.
 * The message never contains request data, so it is safe to log.
 */
public final class DpopException extends Exception {

  private final RefusalReason reason;

  public DpopException(RefusalReason reason) {
    super(reason.name() + ": " + reason.description(), null, false, false);
    this.reason = reason;
  }

  public DpopException(RefusalReason reason, Throwable cause) {
    super(reason.name() + ": " + reason.description(), Objects.requireNonNull(cause), false, false);
    this.reason = reason;
  }

  public RefusalReason reason() {
    return reason;
  }

  public DpopError error() {
    return reason.error();
  }
}
