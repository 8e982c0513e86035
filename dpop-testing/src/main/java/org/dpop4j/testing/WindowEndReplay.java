package org.dpop4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A proof accepted once by a verifier with the default lifetimes, then replayed at chosen
 * instants, for tests of a replay store at the end of the proof's window. The verifier is the
 * calling module's: a {@link Verification} that says why it refused a request, if it did.
 *
 * @param <R> the verifier's refusal reason
 */
public final class WindowEndReplay<R> {

  /** The verifier's default maxAge (60 s) plus clockSkew (10 s). */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(70);

  private static final TestKey KEY = TestKey.generate("ES256");
  private static final String HTU = "https://api.example.com/orders";
  private static final String TOKEN = "an-access-token";

  /** A resource-server request: a proof for {@code GET target} bound to an access token. */
  public record ProofRequest(
      String method, URI target, String proof, String accessToken, String boundThumbprint) {}

  /**
   * Verifies one request with the verifier (and replay store) under test.
   *
   * @param <R> the verifier's refusal reason
   */
  @FunctionalInterface
  public interface Verification<R> {
    /** Why the verifier refused {@code request}, or empty if it accepted it. */
    Optional<R> verify(ProofRequest request);

    /**
     * The verification by {@code verifier}, which refuses by throwing {@code refusal}, whose
     * reason is {@code reasonOf} it.
     */
    static <E extends Exception, R> Verification<R> throwing(
        Class<E> refusal, Function<E, R> reasonOf, ThrowingVerifier verifier) {
      return request -> {
        try {
          verifier.verify(request);
          return Optional.empty();
        } catch (Exception e) {
          if (refusal.isInstance(e)) {
            return Optional.of(reasonOf.apply(refusal.cast(e)));
          }
          throw new IllegalStateException("the verifier failed", e);
        }
      };
    }
  }

  /** A verifier that accepts a request by returning and refuses it by throwing. */
  @FunctionalInterface
  public interface ThrowingVerifier {
    void verify(ProofRequest request) throws Exception;
  }

  private final Verification<R> verifier;
  private final TestClock clock;
  private final ProofRequest request;
  private final Instant issuedAt;

  private WindowEndReplay(Verification<R> verifier, TestClock clock) {
    this.verifier = verifier;
    this.clock = clock;
    // iat counts whole seconds
    this.issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    String proof = KEY.proof("GET", HTU).issuedAt(issuedAt).accessToken(TOKEN).sign();
    this.request = new ProofRequest("GET", URI.create(HTU), proof, TOKEN, KEY.thumbprint());
    Optional<R> refusal = verifier.verify(request);
    if (refusal.isPresent()) {
      throw new IllegalStateException("the first use of the proof was refused: " + refusal.get());
    }
  }

  /** A proof issued at the clock's now and accepted once by {@code verifier}. */
  public static <R> WindowEndReplay<R> acceptedBy(Verification<R> verifier, TestClock clock) {
    return new WindowEndReplay<>(verifier, clock);
  }

  /**
   * Attack: replay a used proof at the last instant its {@code iat} is accepted, under load, so
   * that the store reads its clock later than the verifier did and sees the entry expired. Every
   * replay up to that instant must be refused as {@code replayed}, one past it as {@code tooOld}.
   */
  public void assertReplaysAreRefusedUpToTheEndOfTheWindow(
      Duration stepPerReading, R replayed, R tooOld) {
    assertThat(replaysUpToTheLastAcceptedInstant(stepPerReading))
        .isNotEmpty()
        .containsOnly(Optional.of(replayed));
    assertThat(replayAt(lastAcceptedInstant().plusMillis(1), Duration.ZERO))
        .as("the window ends there")
        .contains(tooOld);
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
  public List<Optional<R>> replaysUpToTheLastAcceptedInstant(Duration stepPerReading) {
    List<Optional<R>> outcomes = new ArrayList<>();
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
  public Optional<R> replayAt(Instant when, Duration stepPerReading) {
    clock.set(when);
    clock.advanceOnEveryReading(stepPerReading);
    try {
      return verifier.verify(request);
    } finally {
      clock.advanceOnEveryReading(Duration.ZERO);
    }
  }
}
