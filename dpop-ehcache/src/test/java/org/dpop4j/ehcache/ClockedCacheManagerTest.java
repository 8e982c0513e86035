package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.dpop4j.testing.TestClock;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.Configuration;
import org.ehcache.config.ResourceType;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.impl.config.event.CacheEventDispatcherFactoryConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Guards the one use of Ehcache below its public API ({@link ClockedCacheManager}): fails if an
 * Ehcache upgrade stops taking the clock from the {@code TimeSourceService} it is handed, or if
 * copying a configuration into a cache manager builder stops carrying all of it.
 */
class ClockedCacheManagerTest {

  private final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void entriesExpireByTheGivenClockAlone() {
    Configuration configuration =
        ConfigurationBuilder.newConfigurationBuilder()
            .withCache(
                "ttl",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                        String.class, String.class, ResourcePoolsBuilder.heap(10))
                    .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofHours(1))))
            .build();
    try (CacheManager manager = ClockedCacheManager.create(configuration, clock)) {
      manager.init();
      Cache<String, String> cache = manager.getCache("ttl", String.class, String.class);
      cache.put("key", "value");
      clock.advance(Duration.ofHours(1).minusMillis(1));
      assertThat(cache.get("key")).as("an hour less a millisecond by the clock").isEqualTo("value");
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.get("key")).as("an hour by the clock, a moment by the system's").isNull();
    }
  }

  @Test
  void theWholeConfigurationIsCarriedOver() {
    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};
    CacheEventDispatcherFactoryConfiguration service =
        new CacheEventDispatcherFactoryConfiguration("replay-events");
    Configuration configuration =
        ConfigurationBuilder.newConfigurationBuilder()
            .withClassLoader(loader)
            .withService(service)
            .withSharedResources(ResourcePoolsBuilder.newResourcePoolsBuilder().offheap(1, MemoryUnit.MB).build())
            .withCache(
                "one",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                    String.class, Long.class, ResourcePoolsBuilder.heap(10)))
            .withCache(
                "two",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                    Long.class, String.class, ResourcePoolsBuilder.heap(20)))
            .build();
    try (CacheManager manager = ClockedCacheManager.create(configuration, clock)) {
      manager.init();
      Configuration running = manager.getRuntimeConfiguration();
      assertThat(running.getClassLoader()).isSameAs(loader);
      assertThat(running.getServiceCreationConfigurations()).contains(service);
      assertThat(running.getSharedResourcePools().getResourceTypeSet())
          .isEqualTo(configuration.getSharedResourcePools().getResourceTypeSet());
      assertThat(running.getCacheConfigurations()).containsOnlyKeys("one", "two");
      configuration
          .getCacheConfigurations()
          .forEach(
              (alias, declared) -> {
                var started = running.getCacheConfigurations().get(alias);
                assertThat(started.getKeyType()).as(alias).isEqualTo(declared.getKeyType());
                assertThat(started.getValueType()).as(alias).isEqualTo(declared.getValueType());
                assertThat(started.getResourcePools().getPoolForResource(ResourceType.Core.HEAP).getSize())
                    .as(alias)
                    .isEqualTo(declared.getResourcePools().getPoolForResource(ResourceType.Core.HEAP).getSize());
              });
    }
  }
}
