package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.dpop4j.core.testing.TestClock;
import org.dpop4j.core.testing.WindowEndReplay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default in-memory replay store at the end of a proof's window, through the verifier. */
class ReplayWindowTest {

  /**
   * Attack: replay a used proof at the last instant its {@code iat} is accepted, under load, so
   * that time passes between the verifier's reading of the clock and the store's. The entry must
   * outlive the acceptance window whatever the delay.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 1_000, 3_600_000})
  void replayAtTheLastAcceptedInstantIsRefused(long millisPerClockReading) throws Exception {
    TestClock clock = TestClock.startingNow();
    WindowEndReplay captured = WindowEndReplay.acceptedByTheDefaultStore(clock);

    assertThat(
            captured.replaysUpToTheLastAcceptedInstant(Duration.ofMillis(millisPerClockReading)))
        .isNotEmpty()
        .containsOnly(Optional.of(RefusalReason.REPLAYED_PROOF));
    assertThat(captured.replayAt(captured.lastAcceptedInstant().plusMillis(1), Duration.ZERO))
        .as("the window ends there")
        .contains(RefusalReason.IAT_TOO_OLD);
  }
}
