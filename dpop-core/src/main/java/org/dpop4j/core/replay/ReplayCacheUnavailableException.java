package org.dpop4j.core.replay;

/**
 * The replay store could not say whether a proof was used before. Callers must refuse the request
 * (the adapters answer 503 with {@code Retry-After}); accepting would allow replays.
 */
public final class ReplayCacheUnavailableException extends Exception {

  public ReplayCacheUnavailableException(String message) {
    super(message);
  }

  public ReplayCacheUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
