package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.dpop4j.testing.CapturedStandardError;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.Test;

/** An outage of many refused checks is a handful of log lines, never a stack trace each. */
class OutageLogTest {

  final TestClock clock = TestClock.startingNow();
  final OutageLog log = new OutageLog("clustered replay store", clock, Duration.ofSeconds(30));

  void advance(Duration duration) {
    clock.advance(duration);
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

  @Test
  void checksRefusedWithoutCallingTheStoreAreCountedButDoNotStartAnOutage() {
    try (CapturedStandardError err = CapturedStandardError.start()) {
      log.refused(); // between the failure that opened the breaker and its report
      log.failed(new IllegalStateException("Timeout exceeded"));
      for (int check = 0; check < 500; check++) {
        log.refused();
      }
      advance(Duration.ofSeconds(31));
      log.refused();
      log.answered();

      String[] lines = err.text().split("\n");
      assertThat(lines).hasSize(3);
      assertThat(lines[0]).contains("is unreachable (java.lang.IllegalStateException: Timeout exceeded)");
      assertThat(lines[1]).contains("still unreachable: 501 checks refused in the last 31 s, down for 31 s");
      assertThat(lines[2]).contains("answers again after 31 s; 503 checks were refused meanwhile");
    }
  }

  @Test
  void aClockSetBackDelaysTheSummaryInsteadOfReportingNegativeTimes() {
    try (CapturedStandardError err = CapturedStandardError.start()) {
      log.failed(new IllegalStateException("down"));
      advance(Duration.ofMinutes(-10));
      log.refused();
      advance(Duration.ofSeconds(29));
      log.refused();
      assertThat(err.text().split("\n")).as("only the first line").hasSize(1);
      advance(Duration.ofSeconds(1));
      log.refused();
      assertThat(err.text()).contains("still unreachable: 3 checks refused in the last 30 s, down for 0 s");
    }
  }

  @Test
  void aRootCauseWithoutMessageIsDescribedByTheDeepestMessageAboveIt() {
    TimeoutException ehcacheTimeout = new TimeoutException("Timeout exceeded for GET_AND_APPEND message");
    ehcacheTimeout.initCause(new TimeoutException());
    try (CapturedStandardError err = CapturedStandardError.start()) {
      log.failed(new IllegalStateException("replay store failed during putIfAbsent", ehcacheTimeout));
      assertThat(err.text())
          .contains("(java.lang.IllegalStateException, caused by java.util.concurrent.TimeoutException:"
              + " Timeout exceeded for GET_AND_APPEND message)");
    }
  }
}
