package org.dpop4j.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand, so nothing waits for real time to pass. */
public final class TestClock extends Clock {

  private volatile Instant now;
  private volatile Duration stepPerReading = Duration.ZERO;

  private TestClock(Instant now) {
    this.now = now;
  }

  /** A clock at the current time, truncated to whole seconds like {@code iat}. */
  public static TestClock startingNow() {
    return new TestClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  public static TestClock at(Instant instant) {
    return new TestClock(instant);
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  public void set(Instant instant) {
    now = instant;
  }

  /**
   * From now on every reading moves the clock on by {@code step} once it is taken, so that code
   * reading the clock twice sees time pass in between, as under load. {@link Duration#ZERO} stops
   * it.
   */
  public void advanceOnEveryReading(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock does not step back: " + step);
    }
    stepPerReading = step;
  }

  @Override
  public Instant instant() {
    return stepPerReading.isZero() ? now : readAndStep();
  }

  private synchronized Instant readAndStep() {
    Instant reading = now;
    now = reading.plus(stepPerReading);
    return reading;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
