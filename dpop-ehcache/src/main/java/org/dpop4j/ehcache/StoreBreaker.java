package org.dpop4j.ehcache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fail-closed circuit breaker in front of a clustered store. Once a store call fails, checks are
 * refused at once without calling the store, except one probe at a time, at most once per probe
 * interval after the last failure; the probe's answer closes it again. Refusing is the only thing
 * an open breaker does: it never turns into an accept.
 *
 * <p>Ehcache's clustered client logs a stack trace for every call that times out, and each call
 * to a dead server holds a request thread for the whole timeout; the breaker bounds both by the
 * probe rate. There is no background thread: probes ride on incoming checks. Thread-safe.
 */
final class StoreBreaker {

  static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
  static final Duration MIN_PROBE_INTERVAL = Duration.ofMillis(100);
  static final Duration MAX_PROBE_INTERVAL = Duration.ofMinutes(1);

  /** A {@code lastFailureMillis} that means "closed": checks go to the store. */
  private static final long CLOSED = Long.MIN_VALUE;

  /** What a check may do. */
  enum Admission {
    /** The breaker is closed: call the store. */
    THROUGH,
    /** The breaker is open and this check is its probe: call the store, then {@link #probeEnded}. */
    PROBE,
    /** The breaker is open: refuse without calling the store. */
    REFUSED
  }

  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong lastFailureMillis = new AtomicLong(CLOSED);
  private final AtomicBoolean probing = new AtomicBoolean();

  StoreBreaker(Clock clock, Duration probeInterval) {
    this.clock = clock;
    this.intervalMillis = probeInterval.toMillis();
  }

  /** Sets the builder option {@code probeInterval}, from 100 ms to 1 min. */
  static Duration setProbeInterval(SetOnceOptions options, Duration probeInterval) {
    return options.setWithin(
        "probeInterval", probeInterval, MIN_PROBE_INTERVAL, MAX_PROBE_INTERVAL);
  }

  Admission admit() {
    if (lastFailureMillis.get() == CLOSED) {
      return Admission.THROUGH;
    }
    long now = clock.millis();
    if (!probeDue(now) || !probing.compareAndSet(false, true)) {
      return Admission.REFUSED;
    }
    // Checked again while holding the probe: the previous one may have ended since.
    if (lastFailureMillis.get() == CLOSED) {
      probing.set(false);
      return Admission.THROUGH;
    }
    if (probeDue(now)) {
      return Admission.PROBE;
    }
    probing.set(false);
    return Admission.REFUSED;
  }

  /** A store call failed: the breaker is open, and the next probe waits a whole interval. */
  void storeFailed() {
    lastFailureMillis.accumulateAndGet(clock.millis(), Math::max);
  }

  /**
   * The store answered a check. Only a probe closes the breaker: a check let through before it
   * opened says little about the store now.
   *
   * @return whether this answer closed it
   */
  boolean storeAnswered(Admission admission) {
    if (admission != Admission.PROBE) {
      return false;
    }
    return lastFailureMillis.getAndSet(CLOSED) != CLOSED;
  }

  /** Ends a probe, answered or failed; the probe's outcome was reported before. */
  void probeEnded() {
    probing.set(false);
  }

  private boolean probeDue(long nowMillis) {
    long last = lastFailureMillis.get();
    // A clock set back would otherwise hold every probe until it caught up again.
    return last == CLOSED || nowMillis - last >= intervalMillis || nowMillis < last;
  }
}
