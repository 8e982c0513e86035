package org.dpop4j.ehcache;

import java.time.Clock;
import org.ehcache.CacheManager;
import org.ehcache.config.Configuration;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.core.spi.time.TimeSource;
import org.ehcache.core.spi.time.TimeSourceService;
import org.ehcache.spi.service.Service;
import org.ehcache.spi.service.ServiceProvider;

/**
 * Starts cache managers that expire entries by the replay cache's {@link Clock}, and is the one
 * place that reaches below Ehcache's public API for it.
 *
 * <p>Ehcache has no public setting for its clock: its own {@code TimeSourceConfiguration} is in
 * an internal implementation package. What it does offer is its service SPI: a {@link
 * TimeSourceService} handed to {@link CacheManagerBuilder#using(Service)} takes the place of the
 * default one. That builder starts empty, so the configuration is copied into it: its class
 * loader, services, shared resources and caches, which is all a {@link Configuration} holds.
 * {@code ClockedCacheManagerTest} fails if an Ehcache upgrade stops honouring the service or the
 * copy loses part of the configuration.
 */
final class ClockedCacheManager {

  private ClockedCacheManager() {}

  /** A cache manager for {@code configuration}, not yet initialized; the caller closes it. */
  static CacheManager create(Configuration configuration, Clock clock) {
    CacheManagerBuilder<CacheManager> builder =
        CacheManagerBuilder.newCacheManagerBuilder().using(new ClockTimeSourceService(clock));
    if (configuration.getClassLoader() != null) {
      builder = builder.withClassLoader(configuration.getClassLoader());
    }
    for (var service : configuration.getServiceCreationConfigurations()) {
      builder = builder.using(service);
    }
    ResourcePools shared = configuration.getSharedResourcePools();
    if (shared != null && !shared.getResourceTypeSet().isEmpty()) {
      builder = builder.sharedResources(() -> shared);
    }
    for (var cache : configuration.getCacheConfigurations().entrySet()) {
      builder = builder.withCache(cache.getKey(), cache.getValue());
    }
    return builder.build(false);
  }

  /** Ehcache's clock, read from the replay cache's. */
  private static final class ClockTimeSourceService implements TimeSourceService {
    private final TimeSource timeSource;

    ClockTimeSourceService(Clock clock) {
      this.timeSource = clock::millis;
    }

    @Override
    public TimeSource getTimeSource() {
      return timeSource;
    }

    @Override
    public void start(ServiceProvider<Service> serviceProvider) {
      // nothing to start: the clock is read on demand
    }

    @Override
    public void stop() {
      // nothing to stop
    }
  }
}
