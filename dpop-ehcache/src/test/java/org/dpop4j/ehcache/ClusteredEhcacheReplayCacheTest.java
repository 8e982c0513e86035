package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TerracottaServer;
import org.dpop4j.testing.TerracottaServerExtension;
import org.dpop4j.testing.TestClock;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TerracottaServerExtension.class)
class ClusteredEhcacheReplayCacheTest {

  private static final Duration WINDOW = Duration.ofSeconds(70);

  private static ClusteredReplayCacheBuilder clustered(TerracottaServer server, String alias) {
    return clustered(server, alias, Duration.ofSeconds(10));
  }

  private static ClusteredReplayCacheBuilder clustered(
      TerracottaServer server, String alias, Duration timeout) {
    return EhcacheReplayCache.clustered(server.uri("replay"))
        .cacheAlias(alias)
        .size(4, MemoryUnit.MB) // the server has 64 MB for every tier of this class
        .timeout(timeout)
        .clockSkew(Duration.ZERO);
  }

  /**
   * Attack: send the same proof to two nodes at once, hoping both accept it. Two client JVMs with
   * two threads each race 2 000 jtis: every jti has exactly one winner across the cluster.
   */
  @Test
  void nodesInSeparateJvmsRacingTheSameJtisAcceptEachExactlyOnce(TerracottaServer server)
      throws Exception {
    int keys = 2_000;
    String alias = "race-" + UUID.randomUUID();
    // Creates the tier and its epoch first, so that the racers' proofs are all issued after it.
    try (EhcacheReplayCache warmUp = clustered(server, alias, Duration.ofSeconds(20)).build()) {
      Instant issuedAt = Instant.now().plusSeconds(1);
      assertThat(warmUp.firstUse("warm-up", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isTrue();
    }
    List<Process> nodes = new ArrayList<>();
    try {
      for (int n = 0; n < 2; n++) {
        nodes.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    RaceClient.class.getName(),
                    server.uri("replay").toString(),
                    alias,
                    Integer.toString(keys),
                    "2")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process node : nodes) {
        BufferedReader output =
            new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("READY");
        outputs.add(output);
      }
      for (Process node : nodes) {
        Writer go = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        go.write("go\n");
        go.flush();
      }
      Map<String, Integer> winsByKey = new HashMap<>();
      List<String> failures = new ArrayList<>();
      for (BufferedReader output : outputs) {
        String line;
        while ((line = output.readLine()) != null) {
          if (line.startsWith("WON ")) {
            winsByKey.merge(line.substring(4), 1, Integer::sum);
          } else if (line.startsWith("FAILED ")) {
            failures.add(line);
          }
        }
      }
      for (Process node : nodes) {
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
      }
      assertThat(failures).isEmpty();
      assertThat(winsByKey).hasSize(keys);
      assertThat(winsByKey.values()).containsOnly(1);
    } finally {
      nodes.forEach(Process::destroyForcibly);
    }
  }

  /**
   * Regression for Ehcache 3.11.1 decoding a clustered Long value twice from one buffer: with the
   * built-in serializer every second putIfAbsent on an existing key failed, which the default
   * resilience strategy turned into "absent", a replay accepted.
   */
  @Test
  void replayOfAnExistingKeyIsReportedEveryTime(TerracottaServer server) throws Exception {
    try (EhcacheReplayCache cache = clustered(server, "regression-" + UUID.randomUUID()).build()) {
      // A second ahead: this first check creates the epoch, which must not postdate the iat.
      Instant issuedAt = Instant.now().plusSeconds(1);
      assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isTrue();
      for (int i = 0; i < 200; i++) {
        assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isFalse();
      }
    }
  }

  @Test
  void clusteredEntryExpiresWithItsProofWindowByTheInjectedClock(TerracottaServer server)
      throws Exception {
    TestClock clock = TestClock.at(Instant.now());
    try (EhcacheReplayCache cache =
        clustered(server, "expiry-" + UUID.randomUUID()).clock(clock).build()) {
      Instant issuedAt = clock.instant();
      assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), issuedAt)).isTrue();
      assertThat(
              cache.firstUse("jti-2", issuedAt, issuedAt.plus(WINDOW.multipliedBy(2)), issuedAt))
          .isTrue();
      clock.advance(WINDOW);
      assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), clock.instant()))
          .as("at the last accepted instant")
          .isFalse();
      clock.advance(Duration.ofMillis(1));
      Instant later = clock.instant();
      assertThat(cache.firstUse("jti-1", later, later.plus(WINDOW), later)).as("expired").isTrue();
      assertThat(cache.firstUse("jti-2", later, later.plus(WINDOW), later)).as("own window").isFalse();
    }
  }

  /**
   * Attack: replay a used proof at the last instant its {@code iat} is accepted, under load, so
   * that the clustered tier resolves the entry by a reading of the clock later than the
   * verifier's and sees it expired.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 1_000, 3_600_000})
  void replayAtTheLastAcceptedInstantIsRefused(long millisPerClockReading, TerracottaServer server)
      throws Exception {
    TestClock clock = TestClock.startingNow();
    try (EhcacheReplayCache cache =
        clustered(server, "window-end-" + UUID.randomUUID()).clock(clock).build()) {
      WindowEndReplays.acceptedBy(cache, clock).assertReplaysAreRefusedUpToTheEndOfTheWindow(
          Duration.ofMillis(millisPerClockReading),
          RefusalReason.REPLAYED_PROOF, RefusalReason.IAT_TOO_OLD);
    }
  }

  @Test
  void xmlConfigurationIsHardenedAndShared(TerracottaServer server, @TempDir Path directory)
      throws Exception {
    String alias = "xml-" + UUID.randomUUID();
    Path xml = directory.resolve("replay.xml");
    Files.writeString(
        xml,
        """
        <config xmlns="http://www.ehcache.org/v3"
                xmlns:tc="http://www.ehcache.org/v3/clustered">
          <service>
            <tc:cluster>
              <tc:connection url="%s"/>
              <tc:read-timeout unit="seconds">10</tc:read-timeout>
              <tc:write-timeout unit="seconds">10</tc:write-timeout>
              <tc:server-side-config client-mode="auto-create-on-reconnect">
                <tc:default-resource from="main"/>
              </tc:server-side-config>
            </tc:cluster>
          </service>
          <cache alias="%s">
            <key-type>java.lang.String</key-type>
            <value-type>java.lang.Long</value-type>
            <resources>
              <tc:clustered-dedicated from="main" unit="MB">4</tc:clustered-dedicated>
            </resources>
          </cache>
        </config>
        """
            .formatted(server.uri("replay"), alias));
    try (EhcacheReplayCache fromXml =
            EhcacheReplayCache.fromXml(xml.toUri().toString(), alias).clockSkew(Duration.ZERO).build();
        EhcacheReplayCache fromBuilder = clustered(server, alias).build()) {
      Instant issuedAt = Instant.now().plusSeconds(1);
      assertThat(fromXml.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isTrue();
      assertThat(fromBuilder.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isFalse();
      for (int i = 0; i < 50; i++) {
        assertThat(fromXml.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), Instant.now())).isFalse();
      }
    }
  }
}
