package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dpop4j.ehcache.StoreBreaker.Admission;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.Test;

/** A failing store is asked once per probe interval, never once per request. */
class StoreBreakerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final TestClock clock = TestClock.startingNow();
  private final StoreBreaker breaker = new StoreBreaker(clock, INTERVAL);

  @Test
  void aStoreThatAnswersGetsEveryCheck() {
    for (int check = 0; check < 3; check++) {
      assertThat(breaker.admit()).isEqualTo(Admission.THROUGH);
      assertThat(breaker.storeAnswered(Admission.THROUGH)).isFalse();
    }
  }

  @Test
  void aFailedStoreIsNotCalledAgainUntilTheProbeIntervalHasPassed() {
    breaker.storeFailed();
    assertThat(breaker.admit()).isEqualTo(Admission.REFUSED);
    clock.advance(INTERVAL.minusMillis(1));
    assertThat(breaker.admit()).isEqualTo(Admission.REFUSED);
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.admit()).isEqualTo(Admission.PROBE);
    assertThat(breaker.admit()).as("one probe at a time").isEqualTo(Admission.REFUSED);
    breaker.storeFailed();
    breaker.probeEnded();
    assertThat(breaker.admit()).as("the next waits from the failed probe").isEqualTo(Admission.REFUSED);
    clock.advance(INTERVAL);
    assertThat(breaker.admit()).isEqualTo(Admission.PROBE);
    assertThat(breaker.storeAnswered(Admission.PROBE)).as("the probe closes it").isTrue();
    breaker.probeEnded();
    assertThat(breaker.admit()).isEqualTo(Admission.THROUGH);
  }

  @Test
  void anAnswerToACheckLetThroughBeforeTheFailureDoesNotReopenTheFlood() {
    Admission earlier = breaker.admit();
    breaker.storeFailed();
    assertThat(breaker.storeAnswered(earlier)).isFalse();
    assertThat(breaker.admit()).isEqualTo(Admission.REFUSED);
  }

  @Test
  void aClockSetBackDoesNotHoldTheProbesUntilItCatchesUp() {
    breaker.storeFailed();
    clock.advance(Duration.ofHours(-1));
    assertThat(breaker.admit()).isEqualTo(Admission.PROBE);
  }

  @Test
  void concurrentChecksOnAFailedStoreGetOneProbePerInterval() throws Exception {
    breaker.storeFailed();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (int interval = 0; interval < 20; interval++) {
        clock.advance(INTERVAL);
        List<Callable<Admission>> checks = new ArrayList<>();
        for (int check = 0; check < 200; check++) {
          // A probe that fails, as it would against a dead server.
          checks.add(
              () -> {
                Admission admission = breaker.admit();
                if (admission == Admission.PROBE) {
                  breaker.storeFailed();
                  breaker.probeEnded();
                }
                return admission;
              });
        }
        long probes = 0;
        for (Future<Admission> check : threads.invokeAll(checks)) {
          assertThat(check.get()).isNotEqualTo(Admission.THROUGH);
          probes += check.get() == Admission.PROBE ? 1 : 0;
        }
        assertThat(probes).as("probes in interval " + interval).isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Duration probeInterval(Duration value) {
    return StoreBreaker.setProbeInterval(new SetOnceOptions(), value);
  }

  @Test
  void theProbeIntervalIsBounded() {
    assertThatThrownBy(() -> probeInterval(Duration.ofMillis(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probeInterval");
    assertThatThrownBy(() -> probeInterval(Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> probeInterval(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("probeInterval");
    assertThat(probeInterval(Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(probeInterval(Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofMinutes(1));
  }
}
