package org.dpop4j.core;

import java.time.Duration;
import java.util.List;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.WindowEndReplay;
import org.dpop4j.testing.WindowEndReplay.Verification;
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
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).build();
    WindowEndReplay<RefusalReason> captured = WindowEndReplay.acceptedBy(
        Verification.throwing(DpopException.class, DpopException::reason,
            request -> verifier.verify(DpopRequest.toResourceServer(request.method(),
                request.target(), List.of(request.proof()), request.accessToken(),
                request.boundThumbprint()))),
        clock);

    captured.assertReplaysAreRefusedUpToTheEndOfTheWindow(
        Duration.ofMillis(millisPerClockReading),
        RefusalReason.REPLAYED_PROOF, RefusalReason.IAT_TOO_OLD);
  }
}
