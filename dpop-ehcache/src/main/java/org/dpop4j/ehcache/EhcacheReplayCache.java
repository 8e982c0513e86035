package org.dpop4j.ehcache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.ehcache.StoreBreaker.Admission;
import org.ehcache.Cache;
import org.ehcache.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplayCache} on Ehcache 3: in this JVM ({@link #local()}), or shared by every node
 * through a Terracotta server ({@link #clustered(URI)}), or as an Ehcache XML file describes it
 * ({@link #fromXml(String, String)}). Each returns a builder; {@code build()} starts the cache.
 *
 * <p>Every check is one atomic {@code putIfAbsent} of the proof's key (strongly consistent on a
 * cluster), then a read of the store's epoch marker. Every store failure, timeout or loss of
 * state refuses the proof with {@link ReplayCacheUnavailableException}; nothing that goes wrong
 * in the store turns into an accept:
 *
 * <ul>
 *   <li>Store failures are rethrown by a resilience strategy of our own (Ehcache's default one
 *       answers "absent").
 *   <li>A store that lost its entries (a restarted in-memory Terracotta server, a restarted JVM
 *       for a local cache) has a younger epoch marker: proofs issued before the epoch plus the
 *       clock skew allowance may have been accepted before the loss, and are refused.
 *   <li>A live entry evicted by Ehcache (a clustered tier that is too small) moves the same line
 *       to the eviction's time. A local cache never gets there: it counts its entries and refuses
 *       new proofs when full.
 *   <li>An entry whose proof may still be accepted never expires first: it is kept {@code
 *       clockSkew} past the window, and a check whose clock shows the window over once the
 *       insert is done refuses the proof (see {@link #firstUse}).
 * </ul>
 *
 * <p>Once a clustered store call fails, checks are refused at once without calling the server,
 * except one probe per {@link ClusteredReplayCacheBuilder#probeInterval}; the first probe
 * answered lets checks through again. A clustered store that fails every call for the recovery
 * period is replaced, by a probe, with a new cache manager from the same configuration (see
 * {@link ClusteredReplayCacheBuilder#recoveryPeriod}): Ehcache does not always reconnect to a
 * restarted server by itself.
 *
 * <p>Close it to release the cache manager and, when clustered, the connection and its client
 * threads.
 */
public final class EhcacheReplayCache implements ReplayCache, AutoCloseable {

  /** The epoch marker's key; proof keys carry a prefix, so none can collide with it. */
  static final String EPOCH_KEY = "epoch";

  static final String DEFAULT_CACHE_ALIAS = "dpop-replay";

  private static final String PROOF_KEY_PREFIX = "p:";
  private static final Logger LOG = LoggerFactory.getLogger(EhcacheReplayCache.class);

  private final Clock clock;
  private final long clockSkewMillis;
  private final EvictionWatch evictions;
  private final ManagedStore store;
  /** Null for a clustered cache, which the server bounds. */
  private final LiveEntryBudget budget;
  /** Null for a local cache: rebuilding it would only forget its entries. */
  private final StoreRecovery recovery;
  /** Null for a local cache, which has no server to spare. */
  private final StoreBreaker breaker;
  private final OutageLog outageLog;
  private final AtomicLong failedStoreCalls = new AtomicLong();
  private final AtomicLong knownEpochMillis = new AtomicLong(Long.MIN_VALUE);

  private EhcacheReplayCache(
      Configuration configuration,
      String alias,
      Clock clock,
      Duration clockSkew,
      int localBound,
      StoreRecovery recovery,
      Duration probeInterval) {
    this.clock = clock;
    this.clockSkewMillis = clockSkew.toMillis();
    this.recovery = recovery;
    this.breaker = recovery != null ? new StoreBreaker(clock, probeInterval) : null;
    this.outageLog =
        new OutageLog(recovery != null ? "clustered replay store" : "replay store", clock);
    this.evictions = new EvictionWatch(clock, clockSkewMillis);
    this.store = new ManagedStore(configuration, alias, clock, recovery != null, evictions);
    this.budget = recovery == null ? new LiveEntryBudget(localBound, store.cache()) : null;
  }

  /** Starts a cache in this JVM that remembers at most {@code maxEntries} proofs at once. */
  static EhcacheReplayCache startLocal(
      Configuration configuration, String alias, Clock clock, Duration clockSkew, int maxEntries) {
    return new EhcacheReplayCache(configuration, alias, clock, clockSkew, maxEntries, null, null);
  }

  /** Starts (connects) a cache on a Terracotta server, with its breaker and recovery. */
  static EhcacheReplayCache startClustered(
      Configuration configuration,
      String alias,
      Clock clock,
      Duration clockSkew,
      StoreRecovery recovery,
      Duration probeInterval) {
    Objects.requireNonNull(recovery, "recovery");
    Objects.requireNonNull(probeInterval, "probeInterval");
    return new EhcacheReplayCache(configuration, alias, clock, clockSkew, 0, recovery, probeInterval);
  }

  /** A cache in this JVM's heap (or off-heap), for a single node. */
  public static LocalReplayCacheBuilder local() {
    return new LocalReplayCacheBuilder();
  }

  /**
   * A cache shared through a Terracotta server, for several nodes.
   *
   * @param terracottaUri for example {@code terracotta://tc.example.net:9410/dpop}; the path names
   *     the cluster tier manager, the same on every node
   */
  public static ClusteredReplayCacheBuilder clustered(URI terracottaUri) {
    return new ClusteredReplayCacheBuilder(terracottaUri);
  }

  /**
   * The cache {@code alias} of an Ehcache XML configuration, local or clustered. The cache must
   * declare {@code java.lang.String} keys and {@code java.lang.Long} values; its expiry,
   * resilience strategy, value serializer and (when clustered) consistency are replaced by the
   * safe ones this class needs. A local cache must size its heap tier in entries: that is its
   * bound.
   *
   * @param location {@code classpath:path/in/the/class/path.xml}, a URL ({@code file:}, {@code
   *     https:}, {@code jar:} ...) or a file system path; read by {@code build()}
   */
  public static XmlReplayCacheBuilder fromXml(String location, String alias) {
    return new XmlReplayCacheBuilder(location, alias);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The entry is kept {@code clockSkew} past {@code acceptedUntil}: Ehcache expires it by its
   * own clock, on each node. After the insert the check reads the clock once more; if it is past
   * {@code acceptedUntil}, an entry of an earlier use may have expired before the insert, and the
   * proof is refused.
   *
   * <p>Once a clustered store has failed, checks are refused at once without calling it, except
   * one probe at a time, at most once per {@link ClusteredReplayCacheBuilder#probeInterval}.
   */
  @Override
  public boolean firstUse(String key, Instant issuedAt, Instant acceptedUntil, Instant now)
      throws ReplayCacheUnavailableException {
    if (acceptedUntil.isBefore(now)) {
      // The entry would expire on arrival and vouch for nothing.
      return false;
    }
    Admission admission = breaker != null ? breaker.admit() : Admission.THROUGH;
    if (admission == Admission.REFUSED) {
      outageLog.refused();
      throw new ReplayCacheUnavailableException(
          "replay store failed; checks are refused without calling it until a probe answers");
    }
    try {
      return check(key, issuedAt, acceptedUntil, now, admission);
    } finally {
      if (admission == Admission.PROBE) {
        breaker.probeEnded();
      }
    }
  }

  private boolean check(
      String key, Instant issuedAt, Instant acceptedUntil, Instant now, Admission admission)
      throws ReplayCacheUnavailableException {
    long nowMillis = now.toEpochMilli();
    long acceptedUntilMillis = acceptedUntil.toEpochMilli();
    // Ehcache forgets an entry once its clock reaches its expiry: the millisecond after the last
    // accepted one, plus the margin for the nodes' clock spread.
    long expiresAtMillis = acceptedUntilMillis + 1 + clockSkewMillis;
    String storeKey = PROOF_KEY_PREFIX + key;
    Cache<String, Long> cache = storeForThisCheck();
    if (budget != null && !budget.tryReserve(nowMillis)) {
      // Full: a replay is still reported as one (a read that can only refuse); others wait.
      if (isRecorded(cache, storeKey, admission)) {
        return false;
      }
      throw new ReplayCacheUnavailableException(
          "local replay cache is full (" + budget.maxEntries() + " live entries)");
    }
    // From the verifier's reading: Ehcache adds it to its own later one, so the entry lasts longer.
    long lifetimeMillis = expiresAtMillis - nowMillis;
    Long previous;
    try {
      previous = cache.putIfAbsent(storeKey, lifetimeMillis);
    } catch (RuntimeException e) {
      releaseBudget();
      throw storeFailed(e);
    }
    if (previous != null) {
      storeAnswered(admission);
      releaseBudget();
      return false;
    }
    if (budget != null) {
      budget.recordInsert(storeKey, lifetimeMillis, expiresAtMillis);
    }
    // Read after the insert: if the store lost its state before the insert, the epoch read here
    // is already the new one, so a proof accepted before the loss cannot slip through.
    long lostStateAtMillis =
        Math.max(storeEpochMillis(cache, admission), evictions.lastEvictionMillis());
    if (issuedAt.toEpochMilli() < lostStateAtMillis + clockSkewMillis) {
      throw new ReplayCacheUnavailableException(
          "replay store lost entries at "
              + Instant.ofEpochMilli(lostStateAtMillis)
              + "; a proof issued before it, or within the clock skew allowance, may have been"
              + " used already");
    }
    // Also after the insert: whoever removed an earlier use's entry (the budget, or Ehcache's
    // expiry on this node or on one whose clock is at most clockSkew ahead) first read a time
    // past the window, so this later reading is past it too.
    return clock.millis() <= acceptedUntilMillis;
  }

  private boolean isRecorded(Cache<String, Long> cache, String storeKey, Admission admission)
      throws ReplayCacheUnavailableException {
    boolean recorded;
    try {
      recorded = cache.containsKey(storeKey);
    } catch (RuntimeException e) {
      throw storeFailed(e);
    }
    storeAnswered(admission);
    return recorded;
  }

  /**
   * The cache this check uses. A clustered store that has failed for the whole recovery period
   * is replaced first, by this caller (the breaker's probe, as only probes reach the store once it
   * failed); the others are refused until the new one is in place. The epoch marker still guards
   * the new store: if it lost the entries, it has a later epoch, and proofs issued before it are
   * refused.
   */
  private Cache<String, Long> storeForThisCheck() throws ReplayCacheUnavailableException {
    if (recovery != null) {
      if (recovery.rebuilding()) {
        outageLog.refused();
        throw new ReplayCacheUnavailableException("replay store kept failing and is being rebuilt");
      }
      if (recovery.tryStartRebuild()) {
        try {
          rebuildStore();
        } finally {
          recovery.rebuildEnded();
        }
      }
    }
    return store.cache();
  }

  private void rebuildStore() throws ReplayCacheUnavailableException {
    LOG.warn(
        "DPoP replay store has failed for {}; opening a new cache manager", recovery.period());
    try {
      store.replace(recovery.closeWait());
    } catch (RuntimeException e) {
      LOG.warn(
          "DPoP replay store could not be rebuilt ({}); the next attempt is due in {}",
          e.getClass().getName(),
          recovery.period());
      LOG.debug("DPoP replay store rebuild failure", e);
      outageLog.failed(e);
      breaker.storeFailed(); // the next attempt is a probe, a whole probe interval away
      throw new ReplayCacheUnavailableException(
          "replay store kept failing and could not be rebuilt", e);
    }
  }

  /** Called once per check, after its last store call answered. */
  private void storeAnswered(Admission admission) {
    if (breaker == null) {
      outageLog.answered();
      return;
    }
    recovery.storeAnswered();
    if (breaker.storeAnswered(admission)) {
      outageLog.answered();
    }
  }

  private ReplayCacheUnavailableException storeFailed(RuntimeException failure) {
    failedStoreCalls.incrementAndGet();
    // The breaker first: checks it refuses from now on are counted as part of this outage.
    if (breaker != null) {
      breaker.storeFailed();
      recovery.storeFailed();
    }
    outageLog.failed(failure);
    return new ReplayCacheUnavailableException("replay store did not answer", failure);
  }

  /** Entries Ehcache evicted; each moved the refusal line forward. */
  long evictedEntries() {
    return evictions.evictedEntries();
  }

  /** Store calls that failed; with the breaker open, only probes. */
  long failedStoreCalls() {
    return failedStoreCalls.get();
  }

  /** Times a failing clustered store was replaced by a new cache manager. */
  long storeRebuilds() {
    return store.replacements();
  }

  /**
   * Releases the cache manager and, when clustered, the Terracotta connection, returning once the
   * connection's client threads have ended (at most 10 s, then those still running are logged):
   * no thread of the cache outlives an undeployed application.
   */
  @Override
  public void close() {
    store.close();
  }

  private void releaseBudget() {
    if (budget != null) {
      budget.release();
    }
  }

  /** When the store's memory began: the epoch marker, created atomically if it is missing. */
  private long storeEpochMillis(Cache<String, Long> cache, Admission admission)
      throws ReplayCacheUnavailableException {
    Long epoch;
    try {
      epoch = cache.get(EPOCH_KEY);
      if (epoch == null) {
        // Now, not when the check began: the server may have restarted while the insert was on
        // its way, and the epoch must not predate that.
        long nowMillis = clock.millis();
        Long concurrent = cache.putIfAbsent(EPOCH_KEY, nowMillis);
        epoch = concurrent != null ? concurrent : nowMillis;
      }
    } catch (RuntimeException e) {
      throw storeFailed(e);
    }
    storeAnswered(admission);
    long previous = knownEpochMillis.getAndSet(epoch);
    if (previous != epoch && previous != Long.MIN_VALUE) {
      LOG.warn(
          "DPoP replay store lost its state (epoch {} became {}); proofs issued before {} are"
              + " refused",
          Instant.ofEpochMilli(previous),
          Instant.ofEpochMilli(epoch),
          Instant.ofEpochMilli(epoch + clockSkewMillis));
    }
    return epoch;
  }
}
