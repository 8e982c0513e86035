package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.dpop4j.core.testing.CapturedStandardError;
import org.junit.jupiter.api.Test;

/** An outage of many refused checks is a handful of log lines, never a stack trace each. */
class OutageLogTest {

  final AtomicLong nanos = new AtomicLong();
  final OutageLog log = new OutageLog("clustered replay store", nanos::get, Duration.ofSeconds(30));

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void oneLineWhenTheStoreGoesAwayASummaryEveryIntervalAndOneLineWhenItIsBack() {
    RuntimeException timeout =
        new IllegalStateException("store call failed", new TimeoutException("Timeout exceeded\nfor GET_AND_APPEND"));
    try (CapturedStandardError err = CapturedStandardError.start()) {
      for (int second = 0; second < 65; second++) {
        for (int check = 0; check < 100; check++) {
          log.failed(timeout);
        }
        advance(Duration.ofSeconds(1));
      }
      log.answered();
      log.answered();

      String[] lines = err.text().split("\n");
      assertThat(lines).hasSize(4);
      assertThat(lines[0])
          .contains("WARN", "DPoP clustered replay store is unreachable (java.lang.IllegalStateException,"
              + " caused by java.util.concurrent.TimeoutException: Timeout exceeded for GET_AND_APPEND);"
              + " every check is refused (503) until it answers");
      assertThat(lines[1]).contains("still unreachable: 3000 checks refused in the last 30 s, down for 30 s");
      assertThat(lines[2]).contains("still unreachable: 3000 checks refused in the last 30 s, down for 60 s");
      assertThat(lines[3])
          .contains("INFO", "DPoP clustered replay store answers again after 65 s; 6500 checks were refused");
      assertThat(err.text()).doesNotContain("\tat ");
    }
  }

  @Test
  void aStoreThatAnswersLogsNothing() {
    try (CapturedStandardError err = CapturedStandardError.start()) {
      log.answered();
      assertThat(err.text()).isEmpty();
    }
  }
}
