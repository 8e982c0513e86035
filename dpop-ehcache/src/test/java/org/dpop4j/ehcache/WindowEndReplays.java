package org.dpop4j.ehcache;

import java.util.List;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.WindowEndReplay;
import org.dpop4j.testing.WindowEndReplay.Verification;

/** dpop-testing's {@link WindowEndReplay} through a {@link DpopVerifier} on a replay store. */
final class WindowEndReplays {

  private WindowEndReplays() {}

  /** A proof issued at the clock's now and accepted through a verifier on {@code store}. */
  static WindowEndReplay<RefusalReason> acceptedBy(ReplayCache store, TestClock clock) {
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).replayCache(store).build();
    return WindowEndReplay.acceptedBy(
        Verification.throwing(DpopException.class, DpopException::reason,
            request -> verifier.verify(DpopRequest.toResourceServer(request.method(),
                request.target(), List.of(request.proof()), request.accessToken(),
                request.boundThumbprint()))),
        clock);
  }
}
