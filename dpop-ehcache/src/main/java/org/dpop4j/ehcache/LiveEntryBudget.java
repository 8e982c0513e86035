package org.dpop4j.ehcache;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.ehcache.Cache;

/**
 * Keeps a local cache's entry count within its heap tier, so that Ehcache never has to evict: an
 * evicted live entry is a proof that can be replayed. When the budget is spent new proofs are
 * refused, fail closed, until entries expire. Expired entries are removed by the callers, in
 * insertion order, so Ehcache's own count never outgrows the budget either.
 */
final class LiveEntryBudget {

  private record Entry(String key, long storedValue, long expiresAtMillis) {}

  private final int maxEntries;
  private final Cache<String, Long> cache;
  private final Queue<Entry> insertionOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger reserved = new AtomicInteger();

  LiveEntryBudget(int maxEntries, Cache<String, Long> cache) {
    this.maxEntries = maxEntries;
    this.cache = cache;
  }

  /** Takes one slot for a new entry; false when every slot holds a live entry. */
  boolean tryReserve(long nowMillis) {
    while (true) {
      int current = reserved.get();
      if (current >= maxEntries) {
        removeExpired(nowMillis);
        if (reserved.get() >= maxEntries) {
          return false;
        }
        continue;
      }
      if (reserved.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  int maxEntries() {
    return maxEntries;
  }

  /** The reserved slot was not used: the key was present, or the store failed. */
  void release() {
    reserved.decrementAndGet();
  }

  /** The reserved slot now holds {@code key}, stored as {@code storedValue}, until it expires. */
  void recordInsert(String key, long storedValue, long expiresAtMillis) {
    insertionOrder.add(new Entry(key, storedValue, expiresAtMillis));
  }

  void removeExpired(long nowMillis) {
    Entry head;
    while ((head = insertionOrder.peek()) != null && head.expiresAtMillis() <= nowMillis) {
      if (insertionOrder.remove(head)) {
        // Conditional: a key re-inserted after expiry may map to another value, which stays.
        cache.remove(head.key(), head.storedValue());
        reserved.decrementAndGet();
      }
    }
  }
}
