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
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.clustered.client.config.ClusteredResourceType;
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
 * </ul>
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

  private final CacheManager cacheManager;
  private final Cache<String, Long> cache;
  private final Clock clock;
  private final long clockSkewMillis;
  private final LiveEntryBudget budget;
  private final AtomicLong lastEvictionMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong evictedEntries = new AtomicLong();
  private final AtomicLong knownEpochMillis = new AtomicLong(Long.MIN_VALUE);

  private EhcacheReplayCache(
      CacheManager cacheManager, String alias, Clock clock, Duration clockSkew, int localBound) {
    this.cacheManager = cacheManager;
    this.cache = cacheManager.getCache(alias, String.class, Long.class);
    this.clock = clock;
    this.clockSkewMillis = clockSkew.toMillis();
    this.budget = localBound > 0 ? new LiveEntryBudget(localBound, cache) : null;
    cache
        .getRuntimeConfiguration()
        .registerCacheEventListener(
            this::onEviction,
            EventOrdering.UNORDERED,
            // Clustered tiers deliver the server's evictions asynchronously only.
            budget != null ? EventFiring.SYNCHRONOUS : EventFiring.ASYNCHRONOUS,
            EnumSet.of(EventType.EVICTED));
  }

  private static EhcacheReplayCache start(
      Configuration configuration, String alias, Settings<?> settings, int localBound) {
    CacheManager manager =
        CacheManagerBuilder.newCacheManager(
            ConfigurationBuilder.newConfigurationBuilder(configuration)
                .withService(new TimeSourceConfiguration(new ClockTimeSource(settings.clock)))
                .build());
    manager.init(); // a failed init releases what it took
    try {
      return new EhcacheReplayCache(manager, alias, settings.clock, settings.clockSkew, localBound);
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

  @Override
  public boolean firstUse(String key, Instant issuedAt, Instant expiresAt)
      throws ReplayCacheUnavailableException {
    long nowMillis = clock.millis();
    long expiresAtMillis = expiresAt.toEpochMilli();
    if (expiresAtMillis <= nowMillis) {
      // The entry would expire on arrival and vouch for nothing.
      return false;
    }
    String storeKey = PROOF_KEY_PREFIX + key;
    if (budget != null && !budget.tryReserve(nowMillis)) {
      // Full: a replay is still reported as one (a read that can only refuse); others wait.
      if (isRecorded(storeKey)) {
        return false;
      }
      throw new ReplayCacheUnavailableException(
          "local replay cache is full (" + budget.maxEntries() + " live entries)");
    }
    long lifetimeMillis = expiresAtMillis - nowMillis;
    Long previous;
    try {
      previous = cache.putIfAbsent(storeKey, lifetimeMillis);
    } catch (RuntimeException e) {
      releaseBudget();
      throw new ReplayCacheUnavailableException("replay store did not answer", e);
    }
    if (previous != null) {
      releaseBudget();
      return false;
    }
    if (budget != null) {
      budget.recordInsert(storeKey, lifetimeMillis, expiresAtMillis);
    }
    // Read after the insert: if the store lost its state before the insert, the epoch read here
    // is already the new one, so a proof accepted before the loss cannot slip through.
    long lostStateAtMillis = Math.max(storeEpochMillis(), lastEvictionMillis.get());
    if (issuedAt.toEpochMilli() < lostStateAtMillis + clockSkewMillis) {
      throw new ReplayCacheUnavailableException(
          "replay store lost entries at "
              + Instant.ofEpochMilli(lostStateAtMillis)
              + "; a proof issued before it, or within the clock skew allowance, may have been"
              + " used already");
    }
    return true;
  }

  private boolean isRecorded(String storeKey) throws ReplayCacheUnavailableException {
    try {
      return cache.containsKey(storeKey);
    } catch (RuntimeException e) {
      throw new ReplayCacheUnavailableException("replay store did not answer", e);
    }
  }

  /** Entries Ehcache evicted; each moved the refusal line forward. */
  long evictedEntries() {
    return evictedEntries.get();
  }

  @Override
  public void close() {
    cacheManager.close();
  }

  private void releaseBudget() {
    if (budget != null) {
      budget.release();
    }
  }

  /** When the store's memory began: the epoch marker, created atomically if it is missing. */
  private long storeEpochMillis() throws ReplayCacheUnavailableException {
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
      throw new ReplayCacheUnavailableException("replay store did not answer", e);
    }
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

    /** The clock entries expire by and the epoch is taken from. Default: the system clock. */
    public B clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * How far a proof's {@code iat} may be ahead of the verifier's clock, plus how far the nodes'
     * clocks may disagree: after a loss of state, proofs issued up to this long after it are still
     * refused, because one of them may have been accepted before. Use the verifier's clock skew
     * (default 10 s) plus your nodes' clock spread. Default: 10 s.
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
     * proofs times their acceptance window. Default: 100 000.
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
      return start(
          ConfigurationBuilder.newConfigurationBuilder()
              .withCache(DEFAULT_CACHE_ALIAS, cacheConfiguration)
              .build(),
          DEFAULT_CACHE_ALIAS,
          this,
          maxEntries);
    }
  }

  /** Builds a cache on a Terracotta server. */
  public static final class ClusteredBuilder extends Settings<ClusteredBuilder> {
    private final URI terracottaUri;
    private String serverResource = "main";
    private long sizeBytes = MemoryUnit.MB.toBytes(64);
    private Duration timeout = Duration.ofSeconds(2);
    private Duration connectionTimeout = Duration.ofSeconds(10);
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
      return start(configuration, cacheAlias, this, 0);
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

    private XmlBuilder(URL xmlConfiguration, String alias) {
      this.xmlConfiguration = Objects.requireNonNull(xmlConfiguration, "xmlConfiguration");
      this.alias = Objects.requireNonNull(alias, "alias");
    }

    @Override
    XmlBuilder self() {
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
      return start(hardened, alias, this, localBound);
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
