package org.dpop4j.ehcache;

import java.time.Clock;
import org.ehcache.core.spi.time.TimeSource;

/** Lets Ehcache expire entries by the same clock the replay cache reasons with. */
final class ClockTimeSource implements TimeSource {

  private final Clock clock;

  ClockTimeSource(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long getTimeMillis() {
    return clock.millis();
  }
}
