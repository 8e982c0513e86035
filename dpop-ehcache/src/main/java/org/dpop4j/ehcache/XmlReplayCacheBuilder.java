package org.dpop4j.ehcache;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.ehcache.clustered.client.config.ClusteredResourceType;
import org.ehcache.clustered.client.config.ClusteringServiceConfiguration;
import org.ehcache.clustered.client.config.Timeouts;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.Configuration;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.ResourceType;
import org.ehcache.config.SizedResourcePool;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.xml.XmlConfiguration;

/**
 * Builds a cache from an Ehcache XML configuration, local or clustered: {@link
 * EhcacheReplayCache#fromXml(String, String)}.
 */
public final class XmlReplayCacheBuilder extends ReplayCacheBuilder<XmlReplayCacheBuilder> {

  private static final String CLASSPATH_PREFIX = "classpath:";

  private final String location;
  private final String alias;
  private Duration probeInterval;

  XmlReplayCacheBuilder(String location, String alias) {
    this.location = SetOnceOptions.notBlank("location", location);
    this.alias = SetOnceOptions.notBlank("alias", alias);
  }

  @Override
  XmlReplayCacheBuilder self() {
    return this;
  }

  /**
   * For a clustered cache: see {@link ClusteredReplayCacheBuilder#probeInterval}; a local cache
   * has no server to probe and ignores it. From 100 ms to 1 min. Default: 1 s.
   */
  public XmlReplayCacheBuilder probeInterval(Duration probeInterval) {
    this.probeInterval = StoreBreaker.setProbeInterval(options, probeInterval);
    return this;
  }

  /**
   * Reads the file, hardens the cache's configuration and starts it (connecting, when
   * clustered).
   *
   * @throws IllegalArgumentException if the location names nothing readable, or the file has no
   *     such cache, or one of the wrong shape
   */
  @Override
  public EhcacheReplayCache build() {
    URL url = resolve(location);
    XmlConfiguration xml = new XmlConfiguration(url);
    CacheConfiguration<?, ?> declared = xml.getCacheConfigurations().get(alias);
    if (declared == null) {
      throw new IllegalArgumentException("no cache '" + alias + "' in " + url);
    }
    if (declared.getKeyType() != String.class || declared.getValueType() != Long.class) {
      throw new IllegalArgumentException(
          "cache '" + alias + "' must declare key-type java.lang.String and value-type"
              + " java.lang.Long");
    }
    ResourcePools pools = declared.getResourcePools();
    boolean clusteredTier =
        pools.getResourceTypeSet().stream().anyMatch(ClusteredResourceType.class::isInstance);
    CacheConfiguration<String, Long> replayCache =
        failClosed(
                CacheConfigurationBuilder.newCacheConfigurationBuilder(asReplayCache(declared)),
                clusteredTier)
            .build();
    Configuration hardened = xml.derive().withCache(alias, replayCache).build();
    if (!clusteredTier) {
      return EhcacheReplayCache.startLocal(
          hardened, alias, clockOrDefault(), clockSkewOrDefault(), heapEntries(pools) - 1);
    }
    return EhcacheReplayCache.startClustered(
        hardened,
        alias,
        clockOrDefault(),
        clockSkewOrDefault(),
        recoveryFor(xml),
        probeInterval != null ? probeInterval : StoreBreaker.DEFAULT_PROBE_INTERVAL);
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

  /** A {@code classpath:} resource (of the thread's context class loader), a URL or a path. */
  static URL resolve(String location) {
    if (location.startsWith(CLASSPATH_PREFIX)) {
      String resource = location.substring(CLASSPATH_PREFIX.length());
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      URL url =
          (loader != null ? loader : XmlReplayCacheBuilder.class.getClassLoader())
              .getResource(resource.startsWith("/") ? resource.substring(1) : resource);
      if (url == null) {
        throw new IllegalArgumentException("no class path resource " + resource);
      }
      return url;
    }
    try {
      // Two letters at least before the colon: "C:\\x.xml" is a path, not a URL.
      return location.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")
          ? new URL(location)
          : Path.of(location).toUri().toURL();
    } catch (MalformedURLException | InvalidPathException e) {
      throw new IllegalArgumentException("not a URL or path: " + location, e);
    }
  }
}
