package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopMode;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.ProofAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.testing.CapturedStandardError;
import org.dpop4j.core.testing.TestKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store goes away under a running verifier and comes back empty, as an open-source Terracotta
 * server does after a crash.
 */
@ExtendWith(TerracottaServerExtension.class)
class ClusterOutageTest {

  private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.test/token");
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(3);

  private final TestKey client = TestKey.generate(ProofAlgorithm.ES256);

  /** Issued 4 s ahead (the verifier allows 10 s): past the cache's epoch plus its 3 s margin. */
  private String freshProof() {
    return client.proof("POST", TOKEN_ENDPOINT.toString()).issuedAt(Instant.now().plusSeconds(4)).sign();
  }

  private static DpopRequest request(String proof) {
    return DpopRequest.toTokenEndpoint("POST", TOKEN_ENDPOINT, List.of(proof), Optional.empty());
  }

  /**
   * Attacks: replay a proof while the store is down (fail open), and replay a proof accepted
   * before a crash once the restarted, empty server is back.
   */
  @Test
  void outageRefusesEveryProofAndARestartedServerRefusesProofsAcceptedBeforeTheCrash(
      TerracottaServer server) throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(server.uri("outage"))
            .size(4, org.ehcache.config.units.MemoryUnit.MB)
            .timeout(TIMEOUT)
            .clockSkew(CLOCK_SKEW)
            .build()) {
      DpopVerifier verifier = DpopVerifier.builder().replayCache(cache).build();
      awaitFirstAcceptance(verifier);
      String acceptedBeforeTheCrash = freshProof();
      verifier.verify(request(acceptedBeforeTheCrash));
      assertThat(refusal(verifier, acceptedBeforeTheCrash)).isEqualTo(RefusalReason.REPLAYED_PROOF);

      try (CapturedStandardError log = CapturedStandardError.start()) {
        server.kill();
        for (String proof : List.of(acceptedBeforeTheCrash, freshProof(), freshProof())) {
          long started = System.nanoTime();
          DpopException refused = refused(verifier, proof);
          assertThat(refused.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
          assertThat(verifier.refusal(refused, DpopMode.TOKEN_ENDPOINT).status()).isEqualTo(503);
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .as("bounded by the timeout")
              .isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(2));
        }

        server.restart();
        awaitAcceptedWithoutRestartingTheApplication(verifier);

        assertThat(log.text().split("is unreachable", -1))
            .as("one line when the store went away, whatever the number of refused checks")
            .hasSize(2);
        assertThat(log.text()).contains("DPoP clustered replay store answers again after");
        assertThat(log.text())
            .as("no stack trace per timed-out check (Ehcache's, at INFO, is configured away)")
            .doesNotContain("SimpleClusterTierClientEntity");
      }
      DpopException replayAfterRestart = refused(verifier, acceptedBeforeTheCrash);
      assertThat(replayAfterRestart.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      assertThat(verifier.refusal(replayAfterRestart, DpopMode.TOKEN_ENDPOINT).status())
          .isEqualTo(503);
    }
  }

  /**
   * A crash under a cache whose recovery period (1 ms) is shorter than the outage, so that the
   * rebuild runs whether or not Ehcache would have reconnected by itself (sometimes it never
   * does). A rebuild while the server is down is refused; the first check after the restart
   * rebuilds on the fresh, empty server, and the proof accepted before the crash is still refused.
   */
  @Test
  void aStoreThatKeepsFailingIsRebuiltAndStillRefusesProofsAcceptedBeforeTheCrash(
      TerracottaServer server) throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(server.uri("rebuild"))
            .size(4, org.ehcache.config.units.MemoryUnit.MB)
            .timeout(TIMEOUT)
            .connectionTimeout(Duration.ofSeconds(2))
            .recoveryPeriod(Duration.ofMillis(1))
            .clockSkew(CLOCK_SKEW)
            .build()) {
      DpopVerifier verifier = DpopVerifier.builder().replayCache(cache).build();
      awaitFirstAcceptance(verifier);
      String acceptedBeforeTheCrash = freshProof();
      verifier.verify(request(acceptedBeforeTheCrash));

      server.kill();
      assertThat(refusal(verifier, freshProof()))
          .as("the first failure starts the recovery period")
          .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      DpopException noServerToRebuildOn = refused(verifier, freshProof());
      assertThat(noServerToRebuildOn.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      assertThat(noServerToRebuildOn).hasStackTraceContaining("could not be rebuilt");
      assertThat(cache.storeRebuilds()).isZero();

      server.restart();
      // The check after the restart rebuilds; the new epoch may refuse the proofs it overlaps.
      awaitAcceptedWithoutRestartingTheApplication(verifier);
      assertThat(cache.storeRebuilds()).as("accepted by a new cache manager").isEqualTo(1);
      DpopException replayAfterRebuild = refused(verifier, acceptedBeforeTheCrash);
      assertThat(replayAfterRebuild.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      assertThat(replayAfterRebuild).hasStackTraceContaining("lost entries");
      String acceptedAfterTheRebuild = freshProof();
      verifier.verify(request(acceptedAfterTheRebuild));
      assertThat(refusal(verifier, acceptedAfterTheRebuild))
          .isEqualTo(RefusalReason.REPLAYED_PROOF);
      assertThat(cache.storeRebuilds()).as("an answering store is kept").isEqualTo(1);
    }
  }

  /**
   * The first check creates the epoch and loads the verifier's classes. When that takes longer
   * than the 1 s margin {@link #freshProof()} leaves past the clock skew, the new epoch refuses
   * the proof, as it should; the tests need one accepted before the crash, so they start after it.
   */
  private void awaitFirstAcceptance(DpopVerifier verifier) {
    awaitAccepted(verifier, "the cache's start");
  }

  private void awaitAcceptedWithoutRestartingTheApplication(DpopVerifier verifier) {
    awaitAccepted(verifier, "the server's restart");
  }

  private void awaitAccepted(DpopVerifier verifier, String since) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RefusalReason last = null;
    while (System.nanoTime() < deadline) {
      try {
        verifier.verify(request(freshProof()));
        return;
      } catch (DpopException e) {
        assertThat(e.reason()).as("only unavailability while the store is not ready")
            .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
        last = e.reason();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // poll interval
    }
    fail("no proof accepted within 60 s of " + since + "; last refusal: " + last);
  }

  private static RefusalReason refusal(DpopVerifier verifier, String proof) {
    return refused(verifier, proof).reason();
  }

  private static DpopException refused(DpopVerifier verifier, String proof) {
    try {
      verifier.verify(request(proof));
    } catch (DpopException e) {
      return e;
    }
    return fail("accepted: " + proof);
  }
}
