package org.dpop4j.core.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded replay cache in this JVM's heap, the default for a single node.
 *
 * <p>It holds at most {@code maximumSize} live entries. When full it refuses new proofs with
 * {@link ReplayCacheUnavailableException} instead of evicting a live entry: eviction would let the
 * evicted proof be replayed. Expired entries are purged by the callers themselves, in insertion
 * order, so no background thread is needed.
 */
public final class InMemoryReplayCache implements ReplayCache {

  private final ConcurrentHashMap<String, Instant> expiryByKey;
  private final Queue<Entry> insertionOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maximumSize;
  private final Clock clock;

  private record Entry(String key, Instant expiresAt) {}

  private InMemoryReplayCache(int maximumSize, Clock clock) {
    this.maximumSize = maximumSize;
    this.clock = clock;
    this.expiryByKey = new ConcurrentHashMap<>(Math.min(maximumSize, 1 << 16));
  }

  /** A cache holding at most {@code maximumSize} live entries, on the system clock. */
  public static InMemoryReplayCache withMaximumSize(int maximumSize) {
    return withMaximumSize(maximumSize, Clock.systemUTC());
  }

  /** A cache holding at most {@code maximumSize} live entries, expiring them by {@code clock}. */
  public static InMemoryReplayCache withMaximumSize(int maximumSize, Clock clock) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be positive: " + maximumSize);
    }
    return new InMemoryReplayCache(maximumSize, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public boolean firstUse(String key, Instant issuedAt, Instant expiresAt)
      throws ReplayCacheUnavailableException {
    Instant now = clock.instant();
    purgeExpired(now);
    Instant recorded = expiryByKey.get(key);
    if (recorded != null && recorded.isAfter(now)) {
      // Known replay: answer it even when full. Only a refusal may be decided by this read.
      return false;
    }
    reserveSlot(now);
    Instant previous = expiryByKey.putIfAbsent(key, expiresAt);
    if (previous == null) {
      insertionOrder.add(new Entry(key, expiresAt));
      return true;
    }
    // The earlier use has expired: replace it atomically, so that only one caller wins the key.
    if (!previous.isAfter(now) && expiryByKey.replace(key, previous, expiresAt)) {
      insertionOrder.add(new Entry(key, expiresAt));
      return true;
    }
    size.decrementAndGet();
    return false;
  }

  /** The number of entries held, expired ones not yet purged included; each one is counted. */
  public int size() {
    return size.get();
  }

  private void reserveSlot(Instant now) throws ReplayCacheUnavailableException {
    while (true) {
      int current = size.get();
      if (current >= maximumSize) {
        purgeExpired(now);
        if (size.get() >= maximumSize) {
          throw new ReplayCacheUnavailableException(
              "in-memory replay cache is full (" + maximumSize + " live entries)");
        }
        continue;
      }
      if (size.compareAndSet(current, current + 1)) {
        return;
      }
    }
  }

  private void purgeExpired(Instant now) {
    Entry head;
    while ((head = insertionOrder.peek()) != null && !head.expiresAt().isAfter(now)) {
      if (insertionOrder.remove(head)) {
        // The key of a replaced entry now maps to a newer expiry, which stays.
        expiryByKey.remove(head.key(), head.expiresAt());
        size.decrementAndGet();
      }
    }
  }
}
