package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.ehcache.clustered.client.config.Timeouts;
import org.junit.jupiter.api.Test;

class StoreRecoveryTest {

  private static final Duration PERIOD = Duration.ofSeconds(10);

  private final AtomicLong nanoTime = new AtomicLong(42);
  private final StoreRecovery recovery =
      new StoreRecovery(PERIOD, Duration.ofSeconds(1), nanoTime::get);

  private void advance(Duration duration) {
    nanoTime.addAndGet(duration.toNanos());
  }

  @Test
  void aStoreThatAnswersIsNeverRebuilt() {
    recovery.storeAnswered();
    advance(PERIOD.multipliedBy(5));
    assertThat(recovery.tryStartRebuild()).isFalse();
  }

  @Test
  void aRebuildIsDueOnlyAfterFailingForTheWholePeriod() {
    recovery.storeFailed();
    advance(PERIOD.minusNanos(1));
    recovery.storeFailed(); // a later failure does not restart the period
    assertThat(recovery.tryStartRebuild()).isFalse();
    advance(Duration.ofNanos(1));
    assertThat(recovery.tryStartRebuild()).isTrue();
  }

  @Test
  void oneAnswerEndsTheFailingStreak() {
    recovery.storeFailed();
    advance(PERIOD.dividedBy(2));
    recovery.storeAnswered();
    recovery.storeFailed();
    advance(PERIOD.dividedBy(2));
    assertThat(recovery.tryStartRebuild()).isFalse();
  }

  @Test
  void oneRebuildAtATime() {
    recovery.storeFailed();
    advance(PERIOD);
    assertThat(recovery.tryStartRebuild()).isTrue();
    assertThat(recovery.rebuilding()).isTrue();
    assertThat(recovery.tryStartRebuild()).as("a second caller").isFalse();
    recovery.rebuildEnded();
    assertThat(recovery.rebuilding()).isFalse();
  }

  @Test
  void theNextRebuildWaitsAWholePeriodAfterTheLastOne() {
    recovery.storeFailed();
    advance(PERIOD);
    assertThat(recovery.tryStartRebuild()).isTrue();
    recovery.rebuildEnded();
    assertThat(recovery.tryStartRebuild()).isFalse();
    advance(PERIOD.minusNanos(1));
    assertThat(recovery.tryStartRebuild()).isFalse();
    advance(Duration.ofNanos(1));
    assertThat(recovery.tryStartRebuild()).isTrue();
  }

  @Test
  void theDefaultPeriodIsThreeTimeoutsAndAtLeastTenSeconds() {
    assertThat(StoreRecovery.defaultPeriod(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(StoreRecovery.defaultPeriod(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void anInfiniteEhcacheTimeoutNeverRebuilds() {
    StoreRecovery never =
        new StoreRecovery(
            StoreRecovery.defaultPeriod(Timeouts.INFINITE_TIMEOUT), Duration.ofSeconds(1), nanoTime::get);
    never.storeFailed();
    advance(Duration.ofDays(365));
    assertThat(never.tryStartRebuild()).isFalse();
  }
}
