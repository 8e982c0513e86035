package org.dpop4j.ehcache;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ehcache.Cache;

/**
 * Keeps a local cache's entry count within its heap tier, so that Ehcache never has to evict: an
 * evicted live entry is a proof that can be replayed. When the budget is spent new proofs are
 * refused, fail closed, until entries expire. The callers remove expired entries themselves,
 * earliest expiry first, so Ehcache's own count never outgrows the budget either, and an entry
 * that lives long does not keep the expired ones inserted after it counted.
 */
final class LiveEntryBudget {

  /** One stored entry; {@code sequence} orders entries of the same expiry. */
  private record Entry(long expiresAtMillis, long sequence, String key, long storedValue) {}

  private static final Comparator<Entry> BY_EXPIRY =
      Comparator.comparingLong(Entry::expiresAtMillis).thenComparingLong(Entry::sequence);

  private final int maxEntries;
  private final Cache<String, Long> cache;
  private final ConcurrentSkipListMap<Entry, Boolean> byExpiry =
      new ConcurrentSkipListMap<>(BY_EXPIRY);
  private final AtomicLong sequence = new AtomicLong();
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

  /**
   * The reserved slot now holds {@code key}, stored as {@code storedValue}, until {@code
   * expiresAtMillis} (excluded).
   */
  void recordInsert(String key, long storedValue, long expiresAtMillis) {
    byExpiry.put(
        new Entry(expiresAtMillis, sequence.incrementAndGet(), key, storedValue), Boolean.TRUE);
  }

  /** Removes every entry that has expired at {@code nowMillis}, earliest first. */
  void removeExpired(long nowMillis) {
    Map.Entry<Entry, Boolean> first;
    while ((first = byExpiry.firstEntry()) != null
        && first.getKey().expiresAtMillis() <= nowMillis) {
      Entry expired = first.getKey();
      if (byExpiry.remove(expired) != null) {
        // Conditional: a key re-inserted after expiry may map to another value, which stays.
        // One with the same value would go too, early: that needs a second proof with the same
        // key and jti (only the key's holder can sign one, and RFC 9449 §4.2 forbids reusing a
        // jti) whose lifetime is the same to the millisecond. Exposed is only that second proof.
        cache.remove(expired.key(), expired.storedValue());
        reserved.decrementAndGet();
      }
    }
  }
}
