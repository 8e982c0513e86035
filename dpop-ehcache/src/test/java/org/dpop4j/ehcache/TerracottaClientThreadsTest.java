package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dpop4j.testing.TerracottaServer;
import org.dpop4j.testing.TerracottaServerExtension;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tomcat checks at undeploy, right after the application stopped, that no thread the application
 * started still runs, and warns about each one ("appears to have started a thread ... but has
 * failed to stop it"). The Terracotta client ends some of its threads only after the connection
 * closed ({@code LeaseExpiryConnectionKillingThread} at its next poll, {@code HealthCheck-Ehcache}
 * after its pool's keep-alive): {@code close()} returns only once they have ended.
 */
@ExtendWith(TerracottaServerExtension.class)
class TerracottaClientThreadsTest {

  @Test
  void noTerracottaClientThreadOutlivesClose(TerracottaServer server) throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(server.uri("threads")).size(4, MemoryUnit.MB).build();
    Instant issuedAt = Instant.now().plusSeconds(11);
    assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plusSeconds(70), Instant.now())).isTrue();
    Set<Thread> started = startedSince(before);
    assertThat(started.stream().map(Thread::getName))
        .as("the connection's own threads, while the cache is open")
        .contains("LeaseExpiryConnectionKillingThread", "LeaseMaintenanceThread");

    cache.close();

    assertThat(aliveNames(started)).as("threads the cache started, alive after close()").isEmpty();
  }

  @Test
  void noTerracottaClientThreadOfARebuiltStoreOutlivesClose(TerracottaServer server) {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    ClusteredReplayCacheBuilder builder =
        EhcacheReplayCache.clustered(server.uri("threads-rebuilt")).size(4, MemoryUnit.MB);
    ManagedStore store =
        new ManagedStore(
            builder.configuration(), builder.aliasOrDefault(), Clock.systemUTC(), true, event -> {});
    store.replace(Duration.ofSeconds(10)); // as after an outage: the old manager closes aside
    Set<Thread> started = startedSince(before);
    assertThat(started.stream().map(Thread::getName).filter("LeaseMaintenanceThread"::equals))
        .as("both managers' lease threads, the old one's perhaps ended already")
        .isNotEmpty();

    store.close();

    assertThat(aliveNames(started))
        .as("threads both cache managers started, alive after close()")
        .isEmpty();
  }

  private static Set<Thread> startedSince(Set<Thread> before) {
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    return started;
  }

  private static List<String> aliveNames(Set<Thread> threads) {
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }
}
