package org.dpop4j.jaxrs;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.config.ReplayCacheFactory;
import org.dpop4j.core.config.SettingValues;
import org.dpop4j.core.replay.ReplayCache;

/**
 * A replay store that holds a connection the way a cluster client does, registered through
 * ServiceLoader as {@value #NAME}: the number of open ones shows whether the owner of the settings
 * that created it closed it.
 */
public final class RecordingReplayCacheFactory implements ReplayCacheFactory {

  static final String NAME = "recording";
  private static final AtomicInteger OPEN = new AtomicInteger();

  /** A replay cache that must be closed. */
  interface ClosableReplayCache extends ReplayCache, AutoCloseable {
    @Override
    void close();
  }

  static int open() {
    return OPEN.get();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> settingNames() {
    return Set.of();
  }

  @Override
  public ReplayCache create(SettingValues settings) {
    OPEN.incrementAndGet();
    return new ClosableReplayCache() {
      @Override
      public void close() {
        OPEN.decrementAndGet();
      }

      @Override
      public boolean firstUse(String key, Instant issuedAt, Instant acceptedUntil, Instant now) {
        return true;
      }
    };
  }
}
