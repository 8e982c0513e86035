package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides when a clustered store that keeps failing is given up and built anew. Ehcache 3.11.1
 * can stay in "reconnect in progress" for good after its Terracotta server restarts; a new cache
 * manager opens a new connection and recreates the cache tier.
 *
 * <p>A rebuild is due once every store call has failed for the whole recovery period. One runs
 * at a time. When it ends, the new store starts out as failing: it has to answer once, or fail
 * for another whole period before the next rebuild, so rebuilds come at most once per period.
 */
final class StoreRecovery {

  /** A {@code failingSinceNanos} that means "the last call was answered". */
  private static final long ANSWERING = Long.MIN_VALUE;

  private final Duration period;
  private final long periodNanos;
  private final Duration closeWait;
  private final LongSupplier nanoTime;
  private final AtomicLong failingSinceNanos = new AtomicLong(ANSWERING);
  private final AtomicBoolean rebuilding = new AtomicBoolean();

  /**
   * @param period how long the store must keep failing before a rebuild
   * @param closeWait how long a rebuild waits for the abandoned cache manager to close
   * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
   */
  StoreRecovery(Duration period, Duration closeWait, LongSupplier nanoTime) {
    this.period = period;
    this.periodNanos = saturatedNanos(period);
    this.closeWait = closeWait;
    this.nanoTime = nanoTime;
  }

  /** The default period: a few timed-out calls, and never less than 10 s. */
  static Duration defaultPeriod(Duration operationTimeout) {
    Duration threeTimeouts = operationTimeout.multipliedBy(3);
    Duration floor = Duration.ofSeconds(10);
    return threeTimeouts.compareTo(floor) > 0 ? threeTimeouts : floor;
  }

  Duration period() {
    return period;
  }

  Duration closeWait() {
    return closeWait;
  }

  void storeAnswered() {
    // Read first: the common case writes nothing, so concurrent checks share the cache line.
    if (failingSinceNanos.get() != ANSWERING) {
      failingSinceNanos.set(ANSWERING);
    }
  }

  void storeFailed() {
    failingSinceNanos.compareAndSet(ANSWERING, nanoTime.getAsLong());
  }

  boolean rebuilding() {
    return rebuilding.get();
  }

  /**
   * Whether the caller is to rebuild the store now. If so, it owns the rebuild until it calls
   * {@link #rebuildEnded()}; every other caller gets {@code false} meanwhile.
   */
  boolean tryStartRebuild() {
    if (!rebuildDue() || !rebuilding.compareAndSet(false, true)) {
      return false;
    }
    // Checked again while holding the rebuild: another one may have ended since the first check.
    if (rebuildDue()) {
      return true;
    }
    rebuilding.set(false);
    return false;
  }

  void rebuildEnded() {
    failingSinceNanos.set(nanoTime.getAsLong());
    rebuilding.set(false);
  }

  private boolean rebuildDue() {
    long since = failingSinceNanos.get();
    return since != ANSWERING && nanoTime.getAsLong() - since >= periodNanos;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // an "infinite" Ehcache timeout: never rebuild
    }
  }
}
