package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The threads a clustered cache manager's Terracotta client started, so that closing the store can
 * wait for them. Terracotta ends some of them only after the connection closed (the lease expiry
 * thread at its next poll, a health-check pool thread after its keep-alive) and has no public call
 * that ends them sooner; a container checking for leftover threads at undeploy would find them.
 */
final class ClientThreads {

  private ClientThreads() {}

  /** The threads alive now. */
  static Set<Thread> alive() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /**
   * The threads alive now that were not in {@code before} and belong to this caller's
   * application (the same context class loader, which a new thread inherits from the thread that
   * creates it): threads another application started meanwhile are not this store's.
   */
  static Set<Thread> startedSince(Set<Thread> before) {
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    Set<Thread> started = alive();
    started.removeAll(before);
    started.removeIf(thread -> thread.getContextClassLoader() != application);
    return started;
  }

  /**
   * Waits until every thread has ended, at most {@code bound} in all.
   *
   * @return the names of the threads still alive when the wait ended, sorted; empty when all ended
   */
  static List<String> awaitEnd(Collection<Thread> threads, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(thread, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller's shutdown goes on without waiting
      }
    }
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }
}
