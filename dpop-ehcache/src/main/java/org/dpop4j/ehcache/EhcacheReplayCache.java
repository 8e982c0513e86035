package org.dpop4j.ehcache;

import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.ehcache.StoreBreaker.Admission;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.clustered.client.config.ClusteredResourceType;
import org.ehcache.clustered.client.config.ClusteringServiceConfiguration;
import org.ehcache.clustered.client.config.Timeouts;
import org.ehcache.clustered.client.config.builders.ClusteredResourcePoolBuilder;
import org.ehcache.clustered.client.config.builders.ClusteredStoreConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.clustered.common.Consistency;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.Configuration;
import org.ehcache.config.FluentCacheConfigurationBuilder;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.EventFiring;
import org.ehcache.event.EventOrdering;
import org.ehcache.event.EventType;
import org.ehcache.impl.internal.TimeSourceConfiguration;
import org.ehcache.xml.XmlConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplayCache} on Ehcache 3: in this JVM ({@link #local()}), or shared by every node
 * through a Terracotta server ({@link #clustered(URI)}), or as an Ehcache XML file describes it
 * ({@link #fromXml(URL, String)}).
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
 * except one probe per {@link ClusteredBuilder#probeInterval}; the first probe answered lets
 * checks through again. A clustered store that fails every call for the recovery period is
 * replaced, by a probe, with a new cache manager from the same configuration (see {@link
 * ClusteredBuilder#recoveryPeriod}): Ehcache does not always reconnect to a restarted server by
 * itself.
 *
 * <p>Close it to release the cache manager and, when clustered, the connection.
 */
public final class EhcacheReplayCache implements ReplayCache, AutoCloseable {

  /** The epoch marker's key; proof keys carry a prefix, so none can collide with it. */
  static final String EPOCH_KEY = "epoch";

  static final String DEFAULT_CACHE_ALIAS = "dpop-replay";
  static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(10);

  private static final String PROOF_KEY_PREFIX = "p:";
  private static final Logger LOG = LoggerFactory.getLogger(EhcacheReplayCache.class);

  private final Configuration configuration;
  private final String alias;
  private final Clock clock;
  private final long clockSkewMillis;
  private final LiveEntryBudget budget;
  /** Null for a local cache: rebuilding it would only forget its entries. */
  private final StoreRecovery recovery;
  /** Null for a local cache, which has no server to spare. */
  private final StoreBreaker breaker;
  private final OutageLog outageLog;
  private final Object lifecycle = new Object();
  private final AtomicLong lastEvictionMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong evictedEntries = new AtomicLong();
  private final AtomicLong storeRebuilds = new AtomicLong();
  private final AtomicLong failedStoreCalls = new AtomicLong();
  private final AtomicLong knownEpochMillis = new AtomicLong(Long.MIN_VALUE);
  private volatile Store store;
  private boolean closed; // guarded by lifecycle

  /** A running cache manager and the replay cache in it. */
  private record Store(CacheManager manager, Cache<String, Long> cache) {}

  private EhcacheReplayCache(
      Configuration configuration,
      String alias,
      Settings<?> settings,
      int localBound,
      StoreRecovery recovery,
      Duration probeInterval) {
    this.configuration =
        ConfigurationBuilder.newConfigurationBuilder(configuration)
            .withService(new TimeSourceConfiguration(new ClockTimeSource(settings.clock)))
            .build();
    this.alias = alias;
    this.clock = settings.clock;
    this.clockSkewMillis = settings.clockSkew.toMillis();
    this.recovery = recovery;
    this.breaker = recovery != null ? new StoreBreaker(settings.clock, probeInterval) : null;
    this.outageLog =
        new OutageLog(recovery != null ? "clustered replay store" : "replay store", settings.clock);
    this.store = openStore(localBound > 0);
    this.budget = localBound > 0 ? new LiveEntryBudget(localBound, store.cache()) : null;
  }

  /** Starts a cache manager from the configuration; the caller closes it. */
  private Store openStore(boolean local) {
    CacheManager manager = CacheManagerBuilder.newCacheManager(configuration);
    manager.init(); // a failed init releases what it took
    try {
      Cache<String, Long> cache = manager.getCache(alias, String.class, Long.class);
      cache
          .getRuntimeConfiguration()
          .registerCacheEventListener(
              this::onEviction,
              EventOrdering.UNORDERED,
              // Clustered tiers deliver the server's evictions asynchronously only.
              local ? EventFiring.SYNCHRONOUS : EventFiring.ASYNCHRONOUS,
              EnumSet.of(EventType.EVICTED));
      return new Store(manager, cache);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** A cache in this JVM's heap (or off-heap), for a single node. */
  public static LocalBuilder local() {
    return new LocalBuilder();
  }

  /**
   * A cache shared through a Terracotta server, for several nodes.
   *
   * @param terracottaUri for example {@code terracotta://tc.example.net:9410/dpop}; the path names
   *     the cluster tier manager, the same on every node
   */
  public static ClusteredBuilder clustered(URI terracottaUri) {
    return new ClusteredBuilder(terracottaUri);
  }

  /**
   * The cache {@code alias} of an Ehcache XML configuration. The cache must declare {@code
   * java.lang.String} keys and {@code java.lang.Long} values; its expiry, resilience strategy,
   * value serializer and (when clustered) consistency are replaced by the safe ones this class
   * needs. A local cache must size its heap tier in entries: that is its bound.
   */
  public static XmlBuilder fromXml(URL xmlConfiguration, String alias) {
    return new XmlBuilder(xmlConfiguration, alias);
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
   * one probe at a time, at most once per {@link ClusteredBuilder#probeInterval}.
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
        Math.max(storeEpochMillis(cache, admission), lastEvictionMillis.get());
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
   * failed); the others are refused until the new one is in place.
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

  /**
   * Opens a new cache manager from the same configuration, puts it in place of the failing one,
   * then closes that one. The epoch marker still guards the new store: if it lost the entries,
   * it has a later epoch, and proofs issued before it are refused.
   */
  private void rebuildStore() throws ReplayCacheUnavailableException {
    synchronized (lifecycle) {
      if (closed) {
        return; // the closed store refuses this check
      }
    }
    LOG.warn(
        "DPoP replay store has failed for {}; opening a new cache manager", recovery.period());
    Store fresh;
    try {
      fresh = openStore(false);
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
    Store failing;
    synchronized (lifecycle) {
      if (closed) {
        failing = fresh; // closed meanwhile: the new store is not used
      } else {
        failing = store;
        store = fresh;
        storeRebuilds.incrementAndGet();
      }
    }
    closeWithin(failing.manager(), recovery.closeWait());
  }

  /**
   * Closes an abandoned cache manager on a thread of its own, waiting at most {@code wait}: a
   * manager stuck reconnecting may not finish closing, and the check that rebuilt the store must
   * not hang on it. Failures are logged.
   */
  private static void closeWithin(CacheManager manager, Duration wait) {
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
    return evictedEntries.get();
  }

  /** Store calls that failed; with the breaker open, only probes. */
  long failedStoreCalls() {
    return failedStoreCalls.get();
  }

  /** Times a failing clustered store was replaced by a new cache manager. */
  long storeRebuilds() {
    return storeRebuilds.get();
  }

  @Override
  public void close() {
    Store last;
    synchronized (lifecycle) {
      closed = true;
      last = store;
    }
    last.manager().close();
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

  /** Any evicted proof may still be inside its window: a stored lifetime does not tell. */
  private void onEviction(CacheEvent<? extends String, ? extends Long> event) {
    if (EPOCH_KEY.equals(event.getKey())) {
      return; // a lost epoch marker is caught by the epoch check itself
    }
    long nowMillis = clock.millis();
    evictedEntries.incrementAndGet();
    lastEvictionMillis.accumulateAndGet(nowMillis, Math::max);
    LOG.warn(
        "DPoP replay store evicted an entry: proofs issued before {} are refused; give the"
            + " cache more room",
        Instant.ofEpochMilli(nowMillis + clockSkewMillis));
  }

  private static <B extends FluentCacheConfigurationBuilder<String, Long, B>> B failClosed(
      B builder, boolean clusteredTier) {
    B hardened =
        builder
            .withExpiry(new ProofWindowExpiry())
            .withResilienceStrategy(new FailClosedResilienceStrategy<>())
            .withValueSerializer(new AbsoluteReadLongSerializer());
    return clusteredTier
        ? hardened.withService(ClusteredStoreConfigurationBuilder.withConsistency(Consistency.STRONG))
        : hardened;
  }

  /** Settings every way of building shares. */
  public abstract static class Settings<B extends Settings<B>> {
    Clock clock = Clock.systemUTC();
    Duration clockSkew = DEFAULT_CLOCK_SKEW;

    Settings() {}

    abstract B self();

    /**
     * The clock entries expire by and the epoch is taken from: use the verifier's, as each entry's
     * lifetime starts from the verifier's reading. A clustered cache also times its probes of a
     * failing server and its outage summaries by it. Default: the system clock.
     */
    public B clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * How far a proof's {@code iat} may be ahead of the verifier's clock, plus how far the nodes'
     * clocks may disagree: after a loss of state, proofs issued up to this long after it are still
     * refused, because one of them may have been accepted before. Entries are also kept this long
     * past their proof's window, as Ehcache expires them by each node's own clock. Use the
     * verifier's clock skew (default 10 s) plus your nodes' clock spread. Default: 10 s.
     */
    public B clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative");
      }
      this.clockSkew = clockSkew;
      return self();
    }

  }

  /** Builds a cache in this JVM. */
  public static final class LocalBuilder extends Settings<LocalBuilder> {
    private int maxEntries = 100_000;
    private long offHeapBytes;

    private LocalBuilder() {}

    @Override
    LocalBuilder self() {
      return this;
    }

    /**
     * The most proofs remembered at once; past it new proofs are refused (503) until entries
     * expire, rather than evicting one that could then be replayed. Size it for the peak rate of
     * proofs times their acceptance window plus {@link #clockSkew}. Default: 100 000.
     */
    public LocalBuilder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /**
     * Keeps the entries off the Java heap, in {@code size} of direct memory, with a small heap
     * tier in front. It must hold {@link #maxEntries} entries (about 256 bytes each).
     */
    public LocalBuilder offHeap(long size, MemoryUnit unit) {
      long bytes = unit.toBytes(size);
      if (bytes < 1) {
        throw new IllegalArgumentException("off-heap size must be positive");
      }
      this.offHeapBytes = bytes;
      return this;
    }

    public EhcacheReplayCache build() {
      // One more than the budget: the epoch marker lives in the same cache.
      long heapEntries = offHeapBytes == 0 ? maxEntries + 1L : Math.min(maxEntries + 1L, 10_000);
      ResourcePoolsBuilder pools =
          ResourcePoolsBuilder.newResourcePoolsBuilder().heap(heapEntries, EntryUnit.ENTRIES);
      if (offHeapBytes != 0) {
        if (offHeapBytes < (maxEntries + 1L) * 256) {
          throw new IllegalArgumentException(
              "off-heap of " + offHeapBytes + " bytes cannot hold " + maxEntries + " entries");
        }
        pools = pools.offheap(offHeapBytes, MemoryUnit.B);
      }
      CacheConfiguration<String, Long> cacheConfiguration =
          failClosed(
                  CacheConfigurationBuilder.newCacheConfigurationBuilder(
                      String.class, Long.class, pools),
                  false)
              .build();
      return new EhcacheReplayCache(
          ConfigurationBuilder.newConfigurationBuilder()
              .withCache(DEFAULT_CACHE_ALIAS, cacheConfiguration)
              .build(),
          DEFAULT_CACHE_ALIAS,
          this,
          maxEntries,
          null,
          null);
    }
  }

  /** Builds a cache on a Terracotta server. */
  public static final class ClusteredBuilder extends Settings<ClusteredBuilder> {
    private final URI terracottaUri;
    private String serverResource = "main";
    private long sizeBytes = MemoryUnit.MB.toBytes(64);
    private Duration timeout = Duration.ofSeconds(2);
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration recoveryPeriod;
    private Duration probeInterval = StoreBreaker.DEFAULT_PROBE_INTERVAL;
    private String cacheAlias = DEFAULT_CACHE_ALIAS;

    private ClusteredBuilder(URI terracottaUri) {
      this.terracottaUri = Objects.requireNonNull(terracottaUri, "terracottaUri");
    }

    @Override
    ClusteredBuilder self() {
      return this;
    }

    /** The server's off-heap resource the cache tier is carved from. Default: {@code main}. */
    public ClusteredBuilder serverResource(String serverResource) {
      this.serverResource = Objects.requireNonNull(serverResource, "serverResource");
      return this;
    }

    /**
     * The cache tier's dedicated size on the server; identical on every node. When full the
     * server evicts, and every proof issued before is refused. Default: 64 MB.
     */
    public ClusteredBuilder size(long size, MemoryUnit unit) {
      this.sizeBytes = unit.toBytes(size);
      return this;
    }

    /** How long one check may wait for the server before it is refused (503). Default: 2 s. */
    public ClusteredBuilder timeout(Duration timeout) {
      this.timeout = requirePositive(timeout, "timeout");
      return this;
    }

    /** How long {@link #build()} waits to connect. Default: 10 s. */
    public ClusteredBuilder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = requirePositive(connectionTimeout, "connectionTimeout");
      return this;
    }

    /**
     * How long every store call may fail before the cache gives up on its cache manager and opens
     * a new one from the same settings (on a later probe, one at a time, at most once per period).
     * Ehcache reconnects by itself after most outages, but can stay disconnected for good when
     * the server restarts. The check that rebuilds waits up to the {@link #connectionTimeout}
     * for it; checks meanwhile are refused. Default: three {@link #timeout}s, at least 10 s.
     */
    public ClusteredBuilder recoveryPeriod(Duration recoveryPeriod) {
      this.recoveryPeriod = requirePositive(recoveryPeriod, "recoveryPeriod");
      return this;
    }

    /**
     * Once a check has found the server unreachable or too slow, how long checks are refused (503)
     * at once, without calling the server, before the next one is let through as a probe; one
     * probe at a time, and the first that is answered lets every check through again. Measured by
     * the {@link #clock}. The server sees at most one check per interval while it is down, and
     * Ehcache logs its stack trace of a timed-out call as often; a server that is back waits up
     * to this long for its first check. From 100 ms to 1 min. Default: 1 s.
     */
    public ClusteredBuilder probeInterval(Duration probeInterval) {
      this.probeInterval = StoreBreaker.requireProbeInterval(probeInterval);
      return this;
    }

    /** The cache's name on the server; nodes sharing jtis use the same. */
    public ClusteredBuilder cacheAlias(String cacheAlias) {
      this.cacheAlias = Objects.requireNonNull(cacheAlias, "cacheAlias");
      return this;
    }

    /**
     * Connects and creates the cache tier if missing.
     *
     * @throws IllegalStateException if the server cannot be reached within the connection timeout
     */
    public EhcacheReplayCache build() {
      CacheConfiguration<String, Long> cacheConfiguration =
          failClosed(
                  CacheConfigurationBuilder.newCacheConfigurationBuilder(
                      String.class,
                      Long.class,
                      ResourcePoolsBuilder.newResourcePoolsBuilder()
                          .with(
                              ClusteredResourcePoolBuilder.clusteredDedicated(
                                  serverResource, sizeBytes, MemoryUnit.B))),
                  true)
              .build();
      Configuration configuration =
          ConfigurationBuilder.newConfigurationBuilder()
              .withService(
                  ClusteringServiceConfigurationBuilder.cluster(terracottaUri)
                      .timeouts(
                          TimeoutsBuilder.timeouts()
                              .read(timeout)
                              .write(timeout)
                              .connection(connectionTimeout))
                      // a restarted server has no tier: recreate it instead of failing forever
                      .autoCreateOnReconnect(server -> server.defaultServerResource(serverResource)))
              .withCache(cacheAlias, cacheConfiguration)
              .build();
      Duration period =
          recoveryPeriod != null ? recoveryPeriod : StoreRecovery.defaultPeriod(timeout);
      return new EhcacheReplayCache(
          configuration,
          cacheAlias,
          this,
          0,
          new StoreRecovery(period, timeout, System::nanoTime),
          probeInterval);
    }

    private static Duration requirePositive(Duration duration, String name) {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return duration;
    }
  }

  /** Builds a cache from an Ehcache XML configuration. */
  public static final class XmlBuilder extends Settings<XmlBuilder> {
    private final URL xmlConfiguration;
    private final String alias;
    private Duration probeInterval = StoreBreaker.DEFAULT_PROBE_INTERVAL;

    private XmlBuilder(URL xmlConfiguration, String alias) {
      this.xmlConfiguration = Objects.requireNonNull(xmlConfiguration, "xmlConfiguration");
      this.alias = Objects.requireNonNull(alias, "alias");
    }

    @Override
    XmlBuilder self() {
      return this;
    }

    /** For a clustered cache: see {@link ClusteredBuilder#probeInterval}. Default: 1 s. */
    public XmlBuilder probeInterval(Duration probeInterval) {
      this.probeInterval = StoreBreaker.requireProbeInterval(probeInterval);
      return this;
    }

    /**
     * Reads the file, hardens the cache's configuration and starts it (connecting, when
     * clustered).
     *
     * @throws IllegalArgumentException if the file has no such cache, or one of the wrong shape
     */
    public EhcacheReplayCache build() {
      XmlConfiguration xml = new XmlConfiguration(xmlConfiguration);
      CacheConfiguration<?, ?> declared = xml.getCacheConfigurations().get(alias);
      if (declared == null) {
        throw new IllegalArgumentException("no cache '" + alias + "' in " + xmlConfiguration);
      }
      if (declared.getKeyType() != String.class || declared.getValueType() != Long.class) {
        throw new IllegalArgumentException(
            "cache '" + alias + "' must declare key-type java.lang.String and value-type"
                + " java.lang.Long");
      }
      ResourcePools pools = declared.getResourcePools();
      boolean clusteredTier =
          pools.getResourceTypeSet().stream().anyMatch(ClusteredResourceType.class::isInstance);
      int localBound = clusteredTier ? 0 : heapEntries(pools) - 1;
      CacheConfiguration<String, Long> replayCache =
          failClosed(
                  CacheConfigurationBuilder.newCacheConfigurationBuilder(asReplayCache(declared)),
                  clusteredTier)
              .build();
      Configuration hardened = xml.derive().withCache(alias, replayCache).build();
      return new EhcacheReplayCache(
          hardened,
          alias,
          this,
          localBound,
          clusteredTier ? recoveryFor(xml) : null,
          probeInterval);
    }

    /** The default recovery, from the file's operation timeouts (Ehcache's defaults if none). */
    private static StoreRecovery recoveryFor(XmlConfiguration xml) {
      Timeouts timeouts =
          xml.getServiceCreationConfigurations().stream()
              .filter(ClusteringServiceConfiguration.class::isInstance)
              .map(service -> ((ClusteringServiceConfiguration) service).getTimeouts())
              .findFirst()
              .orElse(Timeouts.DEFAULT);
      Duration read = timeouts.getReadOperationTimeout();
      Duration write = timeouts.getWriteOperationTimeout();
      Duration timeout = read.compareTo(write) > 0 ? read : write;
      return new StoreRecovery(StoreRecovery.defaultPeriod(timeout), timeout, System::nanoTime);
    }

    private int heapEntries(ResourcePools pools) {
      SizedResourcePool heap = pools.getPoolForResource(ResourceType.Core.HEAP);
      if (heap == null || heap.getUnit() != EntryUnit.ENTRIES || heap.getSize() < 2) {
        throw new IllegalArgumentException(
            "local cache '" + alias + "' must size its heap tier in entries (at least 2): that"
                + " bounds the proofs it remembers, without evicting live ones");
      }
      return (int) Math.min(heap.getSize(), Integer.MAX_VALUE);
    }

    /** Checked by the caller: the cache declares String keys and Long values. */
    @SuppressWarnings("unchecked")
    private static CacheConfiguration<String, Long> asReplayCache(CacheConfiguration<?, ?> cache) {
      return (CacheConfiguration<String, Long>) cache;
    }
  }
}
