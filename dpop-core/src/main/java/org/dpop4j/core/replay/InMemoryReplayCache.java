package org.dpop4j.core.replay;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * A bounded replay cache in this JVM's heap, the default for a single node.
 *
 * <p>It holds at most {@code maximumSize} live entries. When full it refuses new proofs with
 * {@link ReplayCacheUnavailableException} instead of evicting a live entry: eviction would let the
 * evicted proof be replayed. Entries are kept in order of expiry, and the callers themselves
 * remove those that have expired before deciding the cache is full, so no background thread is
 * needed and "full" means full of live entries.
 *
 * <p>It keeps no clock: expiry is decided by the {@code now} each caller passes (see {@link
 * ReplayCache}). It remembers the latest window end it has forgotten, and refuses a proof whose
 * window ends no later: its entry may have been one of those forgotten. If the system clock steps
 * back, that refuses new proofs until the clock has caught up with the window ends forgotten.
 */
public final class InMemoryReplayCache implements ReplayCache {

  private static final Comparator<Entry> BY_EXPIRY =
      Comparator.comparing(Entry::acceptedUntil).thenComparingLong(Entry::sequence);

  private final ConcurrentHashMap<String, Instant> acceptedUntilByKey;
  private final ConcurrentSkipListMap<Entry, Boolean> byExpiry = new ConcurrentSkipListMap<>(BY_EXPIRY);
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger size = new AtomicInteger();
  /** The latest {@code acceptedUntil} of an entry removed or replaced; set before the removal. */
  private final AtomicReference<Instant> forgottenUntil = new AtomicReference<>(Instant.MIN);
  private final int maximumSize;
  // A bound a store in the heap cannot reach anyway: about 200 bytes an entry.
  private static final int MAX_SIZE = 100_000_000;

  /** One recorded use; {@code sequence} orders entries of the same expiry. */
  private record Entry(Instant acceptedUntil, long sequence, String key) {}

  private InMemoryReplayCache(int maximumSize) {
    this.maximumSize = maximumSize;
    this.acceptedUntilByKey = new ConcurrentHashMap<>(Math.min(maximumSize, 1 << 16));
  }

  /** A cache holding at most {@code maximumSize} live entries: 1 to 100,000,000. */
  public static InMemoryReplayCache withMaximumSize(int maximumSize) {
    return new InMemoryReplayCache(
        BuilderOptions.within("maximumSize", maximumSize, 1, MAX_SIZE));
  }

  @Override
  public boolean firstUse(String key, Instant issuedAt, Instant acceptedUntil, Instant now)
      throws ReplayCacheUnavailableException {
    if (acceptedUntil.isBefore(now)) {
      return false; // outside its window: there is nothing to vouch for
    }
    removeExpired(now);
    Instant recorded = acceptedUntilByKey.get(key);
    if (recorded != null && !recorded.isBefore(now)) {
      // Known replay: answer it even when full. Only a refusal may be decided by this read.
      return false;
    }
    reserveSlot(now);
    if (!record(key, acceptedUntil, now)) {
      size.decrementAndGet();
      return false;
    }
    // Read after the insert: an entry of this proof removed before it raised this line first.
    return acceptedUntil.isAfter(forgottenUntil.get());
  }

  /** The number of entries held, expired ones not yet removed included; each one is counted. */
  public int size() {
    return size.get();
  }

  /** Maps the key to its window's end, unless a live entry holds it; the slot is reserved. */
  private boolean record(String key, Instant acceptedUntil, Instant now) {
    Instant previous = acceptedUntilByKey.putIfAbsent(key, acceptedUntil);
    if (previous == null) {
      byExpiry.put(new Entry(acceptedUntil, sequence.incrementAndGet(), key), Boolean.TRUE);
      return true;
    }
    if (!previous.isBefore(now)) {
      return false;
    }
    // The earlier use has expired: replace it atomically, so that only one caller wins the key.
    // Its own entry stays in the expiry order, and is counted until it is removed from there.
    forget(previous);
    if (acceptedUntilByKey.replace(key, previous, acceptedUntil)) {
      byExpiry.put(new Entry(acceptedUntil, sequence.incrementAndGet(), key), Boolean.TRUE);
      return true;
    }
    return false;
  }

  private void reserveSlot(Instant now) throws ReplayCacheUnavailableException {
    while (true) {
      int current = size.get();
      if (current >= maximumSize) {
        removeExpired(now);
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

  /** Removes every entry whose window ended before {@code now}, earliest first. */
  private void removeExpired(Instant now) {
    Map.Entry<Entry, Boolean> first;
    while ((first = byExpiry.firstEntry()) != null
        && first.getKey().acceptedUntil().isBefore(now)) {
      Entry expired = first.getKey();
      if (byExpiry.remove(expired) != null) {
        forget(expired.acceptedUntil());
        // The key of a replaced entry now maps to a later window's end, which stays.
        acceptedUntilByKey.remove(expired.key(), expired.acceptedUntil());
        size.decrementAndGet();
      }
    }
  }

  private void forget(Instant acceptedUntil) {
    forgottenUntil.accumulateAndGet(
        acceptedUntil, (latest, next) -> next.isAfter(latest) ? next : latest);
  }
}
