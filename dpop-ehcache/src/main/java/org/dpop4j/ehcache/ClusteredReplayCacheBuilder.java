package org.dpop4j.ehcache;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.ehcache.clustered.client.config.builders.ClusteredResourcePoolBuilder;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.Configuration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;

/**
 * Builds a cache shared through a Terracotta server, for several nodes: {@link
 * EhcacheReplayCache#clustered(URI)}. Every node uses the same URI, alias and size.
 */
public final class ClusteredReplayCacheBuilder
    extends ReplayCacheBuilder<ClusteredReplayCacheBuilder> {

  static final String DEFAULT_SERVER_RESOURCE = "main";
  static final long DEFAULT_SIZE_BYTES = MemoryUnit.MB.toBytes(64);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MIN_DURATION = Duration.ofMillis(1);
  /** A check held longer keeps a request thread for nothing: refusing (503) is the answer. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  /** A deployment that waits longer for its store is better failed and retried. */
  static final Duration MAX_CONNECTION_TIMEOUT = Duration.ofMinutes(5);
  /** Past an hour of failed calls, a new cache manager is overdue. */
  static final Duration MAX_RECOVERY_PERIOD = Duration.ofHours(1);

  private final URI terracottaUri;
  private String serverResource;
  private Long sizeBytes;
  private Duration timeout;
  private Duration connectionTimeout;
  private Duration recoveryPeriod;
  private Duration probeInterval;
  private String cacheAlias;

  ClusteredReplayCacheBuilder(URI terracottaUri) {
    this.terracottaUri = Objects.requireNonNull(terracottaUri, "terracottaUri");
  }

  @Override
  ClusteredReplayCacheBuilder self() {
    return this;
  }

  /** The server's off-heap resource the cache tier is carved from. Default: {@code main}. */
  public ClusteredReplayCacheBuilder serverResource(String serverResource) {
    this.serverResource = options.setNotBlank("serverResource", serverResource);
    return this;
  }

  /**
   * The cache tier's dedicated size on the server; identical on every node. When full the
   * server evicts, and every proof issued before is refused. Positive. Default: 64 MB.
   */
  public ClusteredReplayCacheBuilder size(long size, MemoryUnit unit) {
    this.sizeBytes = options.set("size", bytes(size, unit, "size"));
    return this;
  }

  /**
   * How long one check may wait for the server before it is refused (503). From 1 ms to 1 min.
   * Default: 2 s.
   */
  public ClusteredReplayCacheBuilder timeout(Duration timeout) {
    this.timeout = options.setWithin("timeout", timeout, MIN_DURATION, MAX_TIMEOUT);
    return this;
  }

  /** How long {@link #build()} waits to connect. From 1 ms to 5 min. Default: 10 s. */
  public ClusteredReplayCacheBuilder connectionTimeout(Duration connectionTimeout) {
    this.connectionTimeout =
        options.setWithin(
            "connectionTimeout", connectionTimeout, MIN_DURATION, MAX_CONNECTION_TIMEOUT);
    return this;
  }

  /**
   * How long every store call may fail before the cache gives up on its cache manager and opens
   * a new one from the same settings (on a later probe, one at a time, at most once per period).
   * Ehcache reconnects by itself after most outages, but can stay disconnected for good when
   * the server restarts. The check that rebuilds waits up to the {@link #connectionTimeout}
   * for it; checks meanwhile are refused. From 1 ms to 1 h. Default: three {@link #timeout}s,
   * at least 10 s.
   */
  public ClusteredReplayCacheBuilder recoveryPeriod(Duration recoveryPeriod) {
    this.recoveryPeriod =
        options.setWithin("recoveryPeriod", recoveryPeriod, MIN_DURATION, MAX_RECOVERY_PERIOD);
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
  public ClusteredReplayCacheBuilder probeInterval(Duration probeInterval) {
    this.probeInterval = StoreBreaker.setProbeInterval(options, probeInterval);
    return this;
  }

  /** The cache's name on the server; nodes sharing jtis use the same. Default: dpop-replay. */
  public ClusteredReplayCacheBuilder cacheAlias(String cacheAlias) {
    this.cacheAlias = options.setNotBlank("cacheAlias", cacheAlias);
    return this;
  }

  /**
   * Connects and creates the cache tier if missing.
   *
   * @throws org.ehcache.StateTransitionException if the server cannot be reached within the
   *     connection timeout
   */
  @Override
  public EhcacheReplayCache build() {
    Duration operations = timeout != null ? timeout : DEFAULT_TIMEOUT;
    Duration period =
        recoveryPeriod != null ? recoveryPeriod : StoreRecovery.defaultPeriod(operations);
    return EhcacheReplayCache.startClustered(
        configuration(),
        aliasOrDefault(),
        clockOrDefault(),
        clockSkewOrDefault(),
        new StoreRecovery(period, operations, System::nanoTime),
        probeInterval != null ? probeInterval : StoreBreaker.DEFAULT_PROBE_INTERVAL);
  }

  /** The alias of the replay cache in {@link #configuration()}. */
  String aliasOrDefault() {
    return cacheAlias != null ? cacheAlias : EhcacheReplayCache.DEFAULT_CACHE_ALIAS;
  }

  /** The hardened Ehcache configuration {@link #build()} starts. */
  Configuration configuration() {
    String resource = serverResource != null ? serverResource : DEFAULT_SERVER_RESOURCE;
    Duration operations = timeout != null ? timeout : DEFAULT_TIMEOUT;
    CacheConfiguration<String, Long> cache =
        failClosed(
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                    String.class,
                    Long.class,
                    ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .with(
                            ClusteredResourcePoolBuilder.clusteredDedicated(
                                resource,
                                sizeBytes != null ? sizeBytes : DEFAULT_SIZE_BYTES,
                                MemoryUnit.B))),
                true)
            .build();
    return ConfigurationBuilder.newConfigurationBuilder()
        .withService(
            ClusteringServiceConfigurationBuilder.cluster(terracottaUri)
                .timeouts(
                    TimeoutsBuilder.timeouts()
                        .read(operations)
                        .write(operations)
                        .connection(
                            connectionTimeout != null
                                ? connectionTimeout
                                : DEFAULT_CONNECTION_TIMEOUT))
                // a restarted server has no tier: recreate it instead of failing forever
                .autoCreateOnReconnect(server -> server.defaultServerResource(resource)))
        .withCache(aliasOrDefault(), cache)
        .build();
  }
}
