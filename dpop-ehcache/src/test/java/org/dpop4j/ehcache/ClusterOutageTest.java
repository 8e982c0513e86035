package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.testing.CapturedStandardError;
import org.dpop4j.testing.TerracottaServer;
import org.dpop4j.testing.TerracottaServerExtension;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store goes away under a running verifier and comes back empty, as an open-source Terracotta
 * server does after a crash. The verifier and the cache share a test clock: the tests move it to
 * let the next probe of the dead server through, and Ehcache's timeouts run in real time. Logging
 * is slf4j-simple's default (INFO), so Ehcache's own stack trace of each timed-out call shows.
 */
@ExtendWith(TerracottaServerExtension.class)
class ClusterOutageTest {

  private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.test/token");
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(3);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
  /** Long enough for a proof accepted before the crash to be replayable for the whole test. */
  private static final Duration MAX_AGE = Duration.ofMinutes(30);
  /** Ehcache's INFO line of a timed-out call, each followed by a stack trace of about 48 lines. */
  private static final String EHCACHE_TIMEOUT_TRACE =
      "INFO org.ehcache.clustered.client.internal.store.SimpleClusterTierClientEntity";

  private final TestKey client = TestKey.generate("ES256");
  private final TestClock clock = TestClock.startingNow();

  /** Issued 4 s ahead (the verifier allows 10 s): past the cache's epoch plus its 3 s margin. */
  private String freshProof() {
    return client.proof("POST", TOKEN_ENDPOINT.toString()).issuedAt(clock.instant().plusSeconds(4)).sign();
  }

  private static DpopRequest request(String proof) {
    return DpopRequest.toTokenEndpoint("POST", TOKEN_ENDPOINT, List.of(proof));
  }

  private ClusteredReplayCacheBuilder cacheOn(URI uri) {
    return EhcacheReplayCache.clustered(uri)
        .size(4, MemoryUnit.MB)
        .timeout(TIMEOUT)
        .clockSkew(CLOCK_SKEW)
        .probeInterval(PROBE_INTERVAL)
        .clock(clock);
  }

  private DpopVerifier verifierOn(EhcacheReplayCache cache) {
    return DpopVerifier.builder()
        .replayCache(cache)
        .clock(clock)
        .proofLifetime(MAX_AGE, Duration.ofSeconds(10))
        .build();
  }

  /**
   * Attacks: replay a proof while the store is down (fail open), and replay a proof accepted
   * before a crash once the restarted, empty server is back.
   */
  @Test
  void outageRefusesEveryProofAndARestartedServerRefusesProofsAcceptedBeforeTheCrash(
      TerracottaServer server) throws Exception {
    try (EhcacheReplayCache cache = cacheOn(server.uri("outage")).build()) {
      DpopVerifier verifier = verifierOn(cache);
      awaitFirstAcceptance(verifier);
      String acceptedBeforeTheCrash = freshProof();
      verifier.verify(request(acceptedBeforeTheCrash));
      assertThat(refusal(verifier, acceptedBeforeTheCrash)).isEqualTo(RefusalReason.REPLAYED_PROOF);

      try (CapturedStandardError log = CapturedStandardError.start()) {
        server.kill();
        for (String proof : List.of(acceptedBeforeTheCrash, freshProof(), freshProof())) {
          long started = System.nanoTime();
          assertRefusedAsUnavailable(verifier, proof);
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .as("bounded by the timeout")
              .isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(2));
        }
        assertThat(cache.failedStoreCalls()).as("the first check found it down").isEqualTo(1);

        clock.advance(Duration.ofSeconds(20)); // the outage's length
        server.restart();
        awaitAcceptedWithoutRestartingTheApplication(verifier);

        assertThat(occurrences(log.text(), "is unreachable"))
            .as("one line when the store went away, whatever the number of refused checks")
            .isEqualTo(1);
        assertThat(occurrences(log.text(), "DPoP clustered replay store answers again after"))
            .isEqualTo(1);
      }
      DpopException replayAfterRestart = assertRefusedAsUnavailable(verifier, acceptedBeforeTheCrash);
      assertThat(replayAfterRestart).hasStackTraceContaining("lost entries");
    }
  }

  /**
   * A 20 s outage under load used to log some 20,000 lines per node: Ehcache's stack trace for
   * every check sent to the dead server. Once a check finds it down, the others are refused at
   * once without calling it, and one probe per interval goes to the server.
   */
  @Test
  void outageDoesNotFloodTheLogWithAStackTracePerRequest(TerracottaServer server) throws Exception {
    ExecutorService requests = Executors.newFixedThreadPool(8);
    try (EhcacheReplayCache cache = cacheOn(server.uri("flood")).connectionTimeout(Duration.ofSeconds(2)).build()) {
      DpopVerifier verifier = verifierOn(cache);
      awaitFirstAcceptance(verifier);
      String acceptedBeforeTheCrash = freshProof();
      verifier.verify(request(acceptedBeforeTheCrash));

      try (CapturedStandardError log = CapturedStandardError.start()) {
        server.kill();
        assertRefusedAsUnavailable(verifier, acceptedBeforeTheCrash); // finds the server down
        int intervals = 0;
        for (; intervals < 20; intervals++) {
          assertEveryCheckIsRefused(verifier, requests, acceptedBeforeTheCrash);
          clock.advance(PROBE_INTERVAL);
        }
        long failedCallsIn20Seconds = cache.failedStoreCalls();
        int ehcacheTracesIn20Seconds = occurrences(log.text(), EHCACHE_TIMEOUT_TRACE);
        assertThat(failedCallsIn20Seconds)
            .as("the first check, then one probe per interval, of 1,001 checks")
            .isBetween(1L, 20L);
        assertThat(ehcacheTracesIn20Seconds)
            .as("Ehcache's stack traces: one per store call at most")
            .isLessThanOrEqualTo((int) failedCallsIn20Seconds);
        assertThat(occurrences(log.text(), "still unreachable")).as("within 30 s").isZero();

        // Another 45 s: summaries come once per 30 s, however many checks are refused.
        for (int more = 0; more < 3; more++, intervals++) {
          clock.advance(Duration.ofSeconds(15));
          assertEveryCheckIsRefused(verifier, requests, acceptedBeforeTheCrash);
        }
        assertThat(occurrences(log.text(), "still unreachable")).isEqualTo(2);
        assertThat(cache.failedStoreCalls()).isLessThanOrEqualTo(intervals + 1);

        server.restart();
        awaitAcceptedWithoutRestartingTheApplication(verifier);
        assertThat(occurrences(log.text(), "is unreachable")).isEqualTo(1);
        assertThat(occurrences(log.text(), "answers again after")).isEqualTo(1);
      }
      // Back, with the epoch rule: what the empty server forgot is refused, a new proof accepted.
      assertThat(assertRefusedAsUnavailable(verifier, acceptedBeforeTheCrash))
          .hasStackTraceContaining("lost entries");
      String acceptedAfterTheRestart = freshProof();
      verifier.verify(request(acceptedAfterTheRestart));
      assertThat(refusal(verifier, acceptedAfterTheRestart)).isEqualTo(RefusalReason.REPLAYED_PROOF);
    } finally {
      requests.shutdownNow();
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
        cacheOn(server.uri("rebuild"))
            .connectionTimeout(Duration.ofSeconds(2))
            .recoveryPeriod(Duration.ofMillis(1))
            .build()) {
      DpopVerifier verifier = verifierOn(cache);
      awaitFirstAcceptance(verifier);
      String acceptedBeforeTheCrash = freshProof();
      verifier.verify(request(acceptedBeforeTheCrash));

      server.kill();
      assertThat(refusal(verifier, freshProof()))
          .as("the first failure starts the recovery period")
          .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      assertThat(assertRefusedAsUnavailable(verifier, freshProof()))
          .as("refused at once until the next probe")
          .hasStackTraceContaining("until a probe answers");
      clock.advance(PROBE_INTERVAL);
      DpopException noServerToRebuildOn = assertRefusedAsUnavailable(verifier, freshProof());
      assertThat(noServerToRebuildOn).as("the probe rebuilds").hasStackTraceContaining("could not be rebuilt");
      assertThat(cache.storeRebuilds()).isZero();

      clock.advance(Duration.ofSeconds(20));
      server.restart();
      // The probe after the restart rebuilds; the new epoch may refuse the proofs it overlaps.
      awaitAcceptedWithoutRestartingTheApplication(verifier);
      assertThat(cache.storeRebuilds()).as("accepted by a new cache manager").isEqualTo(1);
      DpopException replayAfterRebuild = assertRefusedAsUnavailable(verifier, acceptedBeforeTheCrash);
      assertThat(replayAfterRebuild).hasStackTraceContaining("lost entries");
      String acceptedAfterTheRebuild = freshProof();
      verifier.verify(request(acceptedAfterTheRebuild));
      assertThat(refusal(verifier, acceptedAfterTheRebuild))
          .isEqualTo(RefusalReason.REPLAYED_PROOF);
      assertThat(cache.storeRebuilds()).as("an answering store is kept").isEqualTo(1);
    }
  }

  /** 10 checks one after the other, then 40 from 8 threads at once: the replay and fresh proofs. */
  private void assertEveryCheckIsRefused(
      DpopVerifier verifier, ExecutorService requests, String replay) throws Exception {
    for (int check = 0; check < 10; check++) {
      assertRefusedAsUnavailable(verifier, check == 0 ? replay : freshProof());
    }
    List<Callable<DpopException>> concurrent = new ArrayList<>();
    for (int check = 0; check < 40; check++) {
      String proof = check % 2 == 0 ? replay : freshProof();
      concurrent.add(() -> refused(verifier, proof));
    }
    for (Future<DpopException> refused : requests.invokeAll(concurrent)) {
      assertThat(refused.get().reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
      assertThat(TokenEndpointProtection.of(verifier).refusal(refused.get()).status()).isEqualTo(503);
    }
  }

  private static DpopException assertRefusedAsUnavailable(DpopVerifier verifier, String proof) {
    DpopException refused = refused(verifier, proof);
    assertThat(refused.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
    assertThat(TokenEndpointProtection.of(verifier).refusal(refused).status()).isEqualTo(503);
    return refused;
  }

  private static int occurrences(String text, String fragment) {
    return text.split(Pattern.quote(fragment), -1).length - 1;
  }

  /** The first check creates the epoch; the proof is issued past it plus the margin. */
  private void awaitFirstAcceptance(DpopVerifier verifier) {
    awaitAccepted(verifier, "the cache's start");
  }

  private void awaitAcceptedWithoutRestartingTheApplication(DpopVerifier verifier) {
    awaitAccepted(verifier, "the server's restart");
  }

  /** Each attempt moves the clock on by a probe interval, so that it is a probe if need be. */
  private void awaitAccepted(DpopVerifier verifier, String since) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RefusalReason last = null;
    while (System.nanoTime() < deadline) {
      clock.advance(PROBE_INTERVAL);
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
