package org.dpop4j.core.testing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.replay.ReplayCache;

/**
 * A proof accepted once through a {@link DpopVerifier} with the default lifetimes, then replayed
 * at chosen instants, for tests of a replay store at the end of the proof's window.
 */
public final class WindowEndReplay {

  /** The verifier's default maxAge (60 s) plus clockSkew (10 s). */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(70);

  private static final TestKey KEY = TestKey.generate(JwsAlgorithm.ES256);
  private static final String HTU = "https://api.example.com/orders";
  private static final String TOKEN = "an-access-token";

  private final DpopVerifier verifier;
  private final TestClock clock;
  private final DpopRequest request;
  private final Instant issuedAt;

  private WindowEndReplay(DpopVerifier verifier, TestClock clock) throws DpopException {
    this.verifier = verifier;
    this.clock = clock;
    // iat counts whole seconds
    this.issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    String proof = KEY.proof("GET", HTU).issuedAt(issuedAt).accessToken(TOKEN).sign();
    this.request =
        DpopRequest.toResourceServer(
            "GET", URI.create(HTU), List.of(proof), TOKEN, KEY.thumbprint());
    verifier.verify(request);
  }

  /** A proof issued at the clock's now and accepted through the verifier's default store. */
  public static WindowEndReplay acceptedByTheDefaultStore(TestClock clock) throws DpopException {
    return new WindowEndReplay(DpopVerifier.builder().clock(clock).build(), clock);
  }

  /** A proof issued at the clock's now and accepted through a verifier on {@code store}. */
  public static WindowEndReplay acceptedBy(ReplayCache store, TestClock clock)
      throws DpopException {
    return new WindowEndReplay(
        DpopVerifier.builder().clock(clock).replayCache(store).build(), clock);
  }

  /** The last instant the verifier accepts the proof's {@code iat}. */
  public Instant lastAcceptedInstant() {
    return issuedAt.plus(DEFAULT_WINDOW);
  }

  /**
   * Replays the proof at the last accepted instant and at each of the three steps before it (none
   * before the {@code iat}), every reading of the clock moving it on by {@code stepPerReading}:
   * the verifier's reading and a store's later one then straddle the end of the window.
   *
   * @return each replay's outcome, as {@link #replayAt}
   */
  public List<Optional<RefusalReason>> replaysUpToTheLastAcceptedInstant(Duration stepPerReading) {
    List<Optional<RefusalReason>> outcomes = new ArrayList<>();
    for (int stepsBefore = 3; stepsBefore >= 0; stepsBefore--) {
      Instant when = lastAcceptedInstant().minus(stepPerReading.multipliedBy(stepsBefore));
      if (!when.isBefore(issuedAt)) {
        outcomes.add(replayAt(when, stepPerReading));
      }
    }
    return outcomes;
  }

  /**
   * Replays the proof with the clock at {@code when}, every reading of the clock moving it on by
   * {@code stepPerReading}; the clock stops stepping afterwards.
   *
   * @return why the replay was refused, or empty if it was accepted
   */
  public Optional<RefusalReason> replayAt(Instant when, Duration stepPerReading) {
    clock.set(when);
    clock.advanceOnEveryReading(stepPerReading);
    try {
      verifier.verify(request);
      return Optional.empty();
    } catch (DpopException refused) {
      return Optional.of(refused.reason());
    } finally {
      clock.advanceOnEveryReading(Duration.ZERO);
    }
  }
}
