package org.dpop4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

class MicrometerDpopObserverTest {

  private static final String TARGET = "https://server.example.com/token";
  private static final TestKey KEY = TestKey.generate("ES256");

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TestClock clock = TestClock.startingNow();

  private VerifiedProof verify(DpopVerifier verifier, String proof) throws DpopException {
    return verifier.verify(
        DpopRequest.toTokenEndpoint("POST", URI.create(TARGET), List.of(proof)));
  }

  private double refusals(String reason) {
    return registry.get(MicrometerDpopObserver.VERIFICATIONS)
        .tags("outcome", "refused", "reason", reason)
        .counter()
        .count();
  }

  @Test
  void countsAcceptsRefusalsByReasonReplayHitsStoreFailuresAndTimesEachVerification()
      throws DpopException {
    DpopVerifier verifier =
        DpopVerifier.builder()
            .clock(clock)
            .replayCache(InMemoryReplayCache.withMaximumSize(1))
            .observer(new MicrometerDpopObserver(registry))
            .build();
    String proof = KEY.proof("POST", TARGET).sign();

    verify(verifier, proof);
    assertThatThrownBy(() -> verify(verifier, proof)).isInstanceOf(DpopException.class);
    assertThatThrownBy(() -> verify(verifier, KEY.proof("POST", TARGET).sign()))
        .isInstanceOf(DpopException.class);
    assertThatThrownBy(() -> verify(verifier, "not-a-proof")).isInstanceOf(DpopException.class);

    Counter accepted =
        registry.get(MicrometerDpopObserver.VERIFICATIONS)
            .tags("outcome", "accepted", "reason", "none", "error", "none")
            .counter();
    assertThat(accepted.count()).isEqualTo(1);
    assertThat(refusals("REPLAYED_PROOF")).isEqualTo(1);
    assertThat(refusals("REPLAY_STORE_UNAVAILABLE")).isEqualTo(1);
    assertThat(refusals("MALFORMED_PROOF")).isEqualTo(1);
    assertThat(refusals("BAD_SIGNATURE")).isZero();
    assertThat(registry.get(MicrometerDpopObserver.DURATION).tags("outcome", "accepted").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerDpopObserver.DURATION).tags("outcome", "refused").timer().count())
        .isEqualTo(3);
  }

  @Test
  void countsNonceChallengesUnderTheUseDpopNonceError() {
    DpopVerifier verifier =
        DpopVerifier.builder()
            .clock(clock)
            .requireNonce(NonceService.builder(new SecretKeySpec(new byte[32], "HmacSHA256")).clock(clock).build())
            .observer(new MicrometerDpopObserver(registry, Tags.of("filter", "token")))
            .build();

    assertThatThrownBy(() -> verify(verifier, KEY.proof("POST", TARGET).sign()))
        .isInstanceOf(DpopException.class);

    assertThat(
            registry.get(MicrometerDpopObserver.VERIFICATIONS)
                .tags("filter", "token", "error", "use_dpop_nonce", "reason", "MISSING_NONCE")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void countsRefusalsOfTheAuthorizationHeaderAndTheToken() {
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().observer(new MicrometerDpopObserver(registry)).build(),
            token -> {
              throw new DpopException(RefusalReason.TOKEN_INVALID);
            });

    assertThatThrownBy(() -> authenticator.authenticate("GET", URI.create(TARGET), List.of(), List.of()))
        .isInstanceOf(DpopException.class);
    assertThatThrownBy(
            () -> authenticator.authenticate("GET", URI.create(TARGET), List.of("DPoP abc"), List.of()))
        .isInstanceOf(DpopException.class);

    assertThat(refusals("MISSING_CREDENTIALS")).isEqualTo(1);
    assertThat(refusals("TOKEN_INVALID")).isEqualTo(1);
  }

  @Test
  void requestsWithoutUsableCredentialsAreTaggedWithoutAnErrorCodeAsNoneIsSent() {
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().observer(new MicrometerDpopObserver(registry)).build(),
            token -> {
              throw new DpopException(RefusalReason.TOKEN_INVALID);
            });

    assertThatThrownBy(() -> authenticator.authenticate("GET", URI.create(TARGET), List.of(), List.of()))
        .isInstanceOf(DpopException.class);
    assertThatThrownBy(
            () ->
                authenticator.authenticate(
                    "GET", URI.create(TARGET), List.of("Basic YWxpY2U6czNjcmV0"), List.of()))
        .isInstanceOf(DpopException.class);

    for (String reason : List.of("MISSING_CREDENTIALS", "UNSUPPORTED_AUTHORIZATION_SCHEME")) {
      assertThat(
              registry.get(MicrometerDpopObserver.VERIFICATIONS)
                  .tags("outcome", "refused", "reason", reason, "error", "none")
                  .counter()
                  .count())
          .as(reason)
          .isEqualTo(1);
    }
  }

  @Test
  void everySeriesExistsAtZeroBeforeTheFirstRequest() {
    new MicrometerDpopObserver(registry);

    assertThat(registry.find(MicrometerDpopObserver.VERIFICATIONS).counters())
        .hasSize(RefusalReason.values().length + 1)
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void aFailingObserverChangesNoOutcome() throws DpopException {
    DpopObserver broken =
        new DpopObserver() {
          @Override
          public void accepted(VerifiedProof proof, Duration elapsed) {
            throw new IllegalStateException("metrics backend down");
          }

          @Override
          public void refused(RefusalReason reason, Duration elapsed) {
            throw new IllegalStateException("metrics backend down");
          }
        };
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).observer(broken).build();
    String proof = KEY.proof("POST", TARGET).sign();

    assertThat(verify(verifier, proof).thumbprint()).isEqualTo(KEY.thumbprint());
    assertThatThrownBy(() -> verify(verifier, proof))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.REPLAYED_PROOF));
  }
}
