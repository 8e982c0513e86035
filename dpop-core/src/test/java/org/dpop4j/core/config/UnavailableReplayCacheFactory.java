package org.dpop4j.core.config;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;

/**
 * A replay store that is never reachable, registered through ServiceLoader as {@code
 * unreachable}: selecting it must show in the verifier's answers. Like a cluster client it holds
 * a connection, counted in {@link #OPEN_CACHES} until it is closed.
 */
public final class UnavailableReplayCacheFactory implements ReplayCacheFactory {

  static final AtomicInteger OPEN_CACHES = new AtomicInteger();

  interface ClosableReplayCache extends ReplayCache, AutoCloseable {
    @Override
    void close();
  }

  private static final String REASON = "dpop.replay-cache.unreachable.reason";

  @Override
  public String name() {
    return "unreachable";
  }

  @Override
  public Set<String> settingNames() {
    return Set.of(REASON);
  }

  @Override
  public ReplayCache create(SettingValues settings) {
    String reason = settings.text(REASON).orElse(null);
    OPEN_CACHES.incrementAndGet();
    return new ClosableReplayCache() {
      @Override
      public void close() {
        OPEN_CACHES.decrementAndGet();
      }

      @Override
      public boolean firstUse(
          String key, Instant issuedAt, Instant acceptedUntil, Instant now)
          throws ReplayCacheUnavailableException {
        throw new ReplayCacheUnavailableException(reason == null ? "unreachable" : reason);
      }
    };
  }
}
