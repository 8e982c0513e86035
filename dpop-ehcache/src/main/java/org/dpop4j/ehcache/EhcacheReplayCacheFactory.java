package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.Set;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.config.ReplayCacheFactory;
import org.dpop4j.core.config.SettingValues;
import org.dpop4j.core.replay.ReplayCache;
import org.ehcache.config.units.MemoryUnit;

/**
 * Selects an {@link EhcacheReplayCache} with {@code dpop.replay-cache=ehcache} (found through
 * {@link java.util.ServiceLoader}). Its own settings, all optional; any other {@code
 * dpop.replay-cache.ehcache.*} name fails the deployment:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>meaning</th></tr>
 *   <tr><td>{@value #CONFIG}</td><td>an Ehcache XML file: {@code classpath:...}, a URL or a
 *       path; with {@value #ALIAS} (default {@code dpop-replay})</td></tr>
 *   <tr><td>{@value #URI}</td><td>otherwise, a Terracotta server, {@code
 *       terracotta://host:9410/name}; with {@value #SERVER_RESOURCE} (main), {@value #SIZE_MB}
 *       (64), {@value #TIMEOUT_MILLIS} (2000) and {@value #ALIAS}</td></tr>
 *   <tr><td>{@value #MAX_ENTRIES}</td><td>otherwise, a local cache of this many entries
 *       (100000)</td></tr>
 *   <tr><td>{@value #PROBE_INTERVAL_MILLIS}</td><td>for a clustered cache (URI or XML), how long
 *       checks are refused at once after the server failed before one probes it (1000, from 100 to
 *       60000)</td></tr>
 *   <tr><td>{@value #CLOCK_SKEW_SECONDS}</td><td>refusal margin after a loss of state; default:
 *       {@code dpop.proof.clock-skew-seconds}, or 10</td></tr>
 * </table>
 */
public final class EhcacheReplayCacheFactory implements ReplayCacheFactory {

  static final String PREFIX = "dpop.replay-cache.ehcache.";
  static final String CONFIG = PREFIX + "config";
  static final String ALIAS = PREFIX + "alias";
  static final String URI = PREFIX + "uri";
  static final String SERVER_RESOURCE = PREFIX + "server-resource";
  static final String SIZE_MB = PREFIX + "size-mb";
  static final String TIMEOUT_MILLIS = PREFIX + "timeout-ms";
  static final String MAX_ENTRIES = PREFIX + "max-entries";
  static final String CLOCK_SKEW_SECONDS = PREFIX + "clock-skew-seconds";
  static final String PROBE_INTERVAL_MILLIS = PREFIX + "probe-interval-ms";

  private static final Set<String> NAMES =
      Set.of(
          CONFIG, ALIAS, URI, SERVER_RESOURCE, SIZE_MB, TIMEOUT_MILLIS, MAX_ENTRIES,
          CLOCK_SKEW_SECONDS, PROBE_INTERVAL_MILLIS);

  @Override
  public String name() {
    return "ehcache";
  }

  @Override
  public Set<String> settingNames() {
    return NAMES;
  }

  @Override
  public ReplayCache create(SettingValues settings) {
    Duration clockSkew =
        settings.seconds(
            CLOCK_SKEW_SECONDS,
            settings.integer(DpopSettings.CLOCK_SKEW_SECONDS, 10, 0, 600),
            0,
            600);
    String alias = settings.text(ALIAS, EhcacheReplayCache.DEFAULT_CACHE_ALIAS);
    Duration probeInterval =
        settings.millis(
            PROBE_INTERVAL_MILLIS,
            (int) StoreBreaker.DEFAULT_PROBE_INTERVAL.toMillis(),
            (int) StoreBreaker.MIN_PROBE_INTERVAL.toMillis(),
            (int) StoreBreaker.MAX_PROBE_INTERVAL.toMillis());
    if (settings.isSet(CONFIG)) {
      return EhcacheReplayCache.fromXml(settings.required(CONFIG, "here"), alias)
          .clockSkew(clockSkew)
          .probeInterval(probeInterval)
          .build();
    }
    if (settings.isSet(URI)) {
      return EhcacheReplayCache.clustered(settings.uri(URI))
          .cacheAlias(alias)
          .serverResource(settings.text(SERVER_RESOURCE, "main"))
          .size(settings.integer(SIZE_MB, 64, 1, 1 << 20), MemoryUnit.MB)
          .timeout(settings.millis(TIMEOUT_MILLIS, 2_000, 1, 60_000))
          .probeInterval(probeInterval)
          .clockSkew(clockSkew)
          .build();
    }
    return EhcacheReplayCache.local()
        .maxEntries(settings.integer(MAX_ENTRIES, 100_000, 1, 100_000_000))
        .clockSkew(clockSkew)
        .build();
  }
}
