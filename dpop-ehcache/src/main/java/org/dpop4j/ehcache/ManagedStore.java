package org.dpop4j.ehcache;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.Configuration;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventFiring;
import org.ehcache.event.EventOrdering;
import org.ehcache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running cache manager behind a replay cache, and its lifecycle: started from the hardened
 * configuration, replaced by a new one from the same configuration when a clustered store keeps
 * failing, and closed once. The eviction listener is registered on every cache it starts. Closing
 * a clustered store returns once the Terracotta client threads its managers started have ended,
 * waiting at most {@link #CLIENT_THREADS_END_WITHIN}, so none outlives an undeployed application.
 * Thread-safe.
 */
final class ManagedStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EhcacheReplayCache.class);

  /**
   * How long {@link #close()} waits at most for the client threads; the slowest, a health-check
   * pool thread, ends about 5 s after the connection closed.
   */
  static final Duration CLIENT_THREADS_END_WITHIN = Duration.ofSeconds(10);

  /** A running cache manager, the replay cache in it and the client threads it started. */
  private record Running(
      CacheManager manager, Cache<String, Long> cache, Set<Thread> clientThreads) {}

  private final Configuration configuration;
  private final String alias;
  private final Clock clock;
  private final EventFiring evictionFiring;
  private final CacheEventListener<String, Long> evictions;
  private final boolean clusteredTier;
  private final Object lifecycle = new Object();
  /** Threads of replaced managers (and their closers) that may still run. */
  private final Set<Thread> abandonedThreads = new HashSet<>(); // guarded by lifecycle
  private volatile Running running;
  private boolean closed; // guarded by lifecycle
  private long replacements; // guarded by lifecycle

  /**
   * Starts the cache manager.
   *
   * @param clusteredTier whether the cache lives on a Terracotta server, which delivers evictions
   *     asynchronously only
   * @throws RuntimeException whatever Ehcache throws when the manager cannot start
   */
  ManagedStore(
      Configuration configuration,
      String alias,
      Clock clock,
      boolean clusteredTier,
      CacheEventListener<String, Long> evictions) {
    this.configuration = configuration;
    this.alias = alias;
    this.clock = clock;
    this.clusteredTier = clusteredTier;
    this.evictionFiring = clusteredTier ? EventFiring.ASYNCHRONOUS : EventFiring.SYNCHRONOUS;
    this.evictions = evictions;
    this.running = start();
  }

  /** The cache of the manager in place now. */
  Cache<String, Long> cache() {
    return running.cache();
  }

  /**
   * Starts a new cache manager from the same configuration, puts it in place of the current one,
   * then closes that one, waiting at most {@code closeWait}. Once the store is closed nothing is
   * replaced.
   *
   * @throws RuntimeException whatever Ehcache throws when the new manager cannot start; the
   *     current one stays in place
   */
  void replace(Duration closeWait) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
    }
    Running fresh = start();
    Running abandoned;
    synchronized (lifecycle) {
      if (closed) {
        abandoned = fresh; // closed meanwhile: the new manager is not used
      } else {
        abandoned = running;
        running = fresh;
        replacements++;
      }
    }
    Thread closer = closeWithin(abandoned.manager(), closeWait);
    synchronized (lifecycle) {
      abandonedThreads.removeIf(thread -> !thread.isAlive());
      abandonedThreads.addAll(abandoned.clientThreads());
      abandonedThreads.add(closer);
    }
  }

  /** Times the manager was replaced. */
  long replacements() {
    synchronized (lifecycle) {
      return replacements;
    }
  }

  /**
   * Closes the manager in place, and with it, when clustered, its Terracotta connection; then
   * waits, at most {@link #CLIENT_THREADS_END_WITHIN}, for the client threads of this manager and
   * of the managers it replaced to end. Threads still running then are logged and left.
   */
  @Override
  public void close() {
    Running last;
    synchronized (lifecycle) {
      closed = true;
      last = running;
    }
    last.manager().close();
    Set<Thread> clientThreads = new HashSet<>(last.clientThreads());
    synchronized (lifecycle) {
      clientThreads.addAll(abandonedThreads);
    }
    List<String> stillRunning = ClientThreads.awaitEnd(clientThreads, CLIENT_THREADS_END_WITHIN);
    if (!stillRunning.isEmpty()) {
      LOG.warn(
          "DPoP replay cache closed, but Terracotta client threads still run after {}: {}",
          CLIENT_THREADS_END_WITHIN,
          stillRunning);
    }
  }

  private Running start() {
    Set<Thread> before = clusteredTier ? ClientThreads.alive() : Set.of();
    CacheManager manager = ClockedCacheManager.create(configuration, clock);
    manager.init(); // a failed init releases what it took
    Set<Thread> clientThreads = clusteredTier ? ClientThreads.startedSince(before) : Set.of();
    try {
      Cache<String, Long> cache = manager.getCache(alias, String.class, Long.class);
      cache
          .getRuntimeConfiguration()
          .registerCacheEventListener(
              evictions, EventOrdering.UNORDERED, evictionFiring, EnumSet.of(EventType.EVICTED));
      return new Running(manager, cache, clientThreads);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Closes an abandoned cache manager on a thread of its own, waiting at most {@code wait}: a
   * manager stuck reconnecting may not finish closing, and the check that replaced it must not
   * hang on it. Failures are logged.
   *
   * @return the closing thread, perhaps still running
   */
  private static Thread closeWithin(CacheManager manager, Duration wait) {
    Thread closer =
        new Thread(
            () -> {
              try {
                manager.close();
              } catch (RuntimeException e) {
                LOG.warn(
                    "abandoned DPoP replay cache manager failed to close ({})",
                    e.getClass().getName());
                LOG.debug("DPoP replay cache manager close failure", e);
              }
            },
            "dpop-replay-cache-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      LOG.warn("abandoned DPoP replay cache manager still closing after {}; left to finish", wait);
    }
    return closer;
  }
}
