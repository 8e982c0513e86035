package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.dpop4j.testing.TerracottaServer;
import org.dpop4j.testing.TerracottaServerExtension;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tomcat warns at undeploy about Terracotta client threads of a closed replay cache
 * ({@code HealthCheck-Ehcache:...}, {@code LeaseExpiryConnectionKillingThread}). Closing the
 * cache closes its connection, and those threads end by themselves soon after: the lease thread
 * at its next 200 ms poll, the health checker's pooled thread after its 5 s keep-alive. None is
 * left running; they are only still alive when a container checks right after undeploy.
 */
@ExtendWith(TerracottaServerExtension.class)
class TerracottaClientThreadsTest {

  /** Well past the health checker's 5 s keep-alive, on a loaded machine. */
  private static final Duration THREADS_END_WITHIN = Duration.ofSeconds(30);

  @Test
  void closingTheCacheLeavesNoTerracottaClientThreadRunning(TerracottaServer server)
      throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(server.uri("threads")).size(4, MemoryUnit.MB).build();
    Instant issuedAt = Instant.now().plusSeconds(11);
    assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plusSeconds(70), Instant.now())).isTrue();
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    assertThat(started.stream().map(Thread::getName))
        .as("the connection's own threads, while the cache is open")
        .contains("LeaseExpiryConnectionKillingThread", "LeaseMaintenanceThread");

    cache.close();

    long deadline = System.nanoTime() + THREADS_END_WITHIN.toNanos();
    List<String> alive = aliveNames(started);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // poll interval
      alive = aliveNames(started);
    }
    assertThat(alive).as("threads the cache started, " + THREADS_END_WITHIN + " after close").isEmpty();
  }

  private static List<String> aliveNames(Set<Thread> threads) {
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }
}
