package org.dpop4j.jca.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current access token: reused until its refresh time, then replaced by one request however
 * many threads want a token meanwhile.
 */
final class TokenCache {

  /** Obtains a new token. */
  interface TokenSource {
    IssuedToken request() throws IOException, InterruptedException;
  }

  /** An access token and when to stop using it; without {@code refreshAt}, it is not reused. */
  record IssuedToken(String value, Optional<Instant> refreshAt) {
    boolean usableAt(Instant now) {
      return refreshAt.isPresent() && now.isBefore(refreshAt.get());
    }
  }

  private final TokenSource source;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile IssuedToken cached;

  TokenCache(TokenSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** The cached token while it is usable, otherwise a new one; concurrent callers wait for it. */
  String token() throws IOException, InterruptedException {
    IssuedToken current = cached;
    if (current != null && current.usableAt(clock.instant())) {
      return current.value();
    }
    lock.lockInterruptibly();
    try {
      current = cached;
      if (current == null || !current.usableAt(clock.instant())) {
        current = source.request();
        cached = current;
      }
      return current.value();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code token} unless another thread has already replaced it. */
  void drop(String token) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      IssuedToken current = cached;
      if (current != null && current.value().equals(token)) {
        cached = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
