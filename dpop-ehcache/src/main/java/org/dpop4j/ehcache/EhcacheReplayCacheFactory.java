package org.dpop4j.ehcache;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import org.dpop4j.core.config.ReplayCacheFactory;
import org.dpop4j.core.replay.ReplayCache;
import org.ehcache.config.units.MemoryUnit;

/**
 * Selects an {@link EhcacheReplayCache} with {@code dpop.replay-cache=ehcache} (found through
 * {@link java.util.ServiceLoader}). Its own settings, all optional:
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
  private static final String VERIFIER_CLOCK_SKEW_SECONDS = "dpop.proof.clock-skew-seconds";

  @Override
  public String name() {
    return "ehcache";
  }

  @Override
  public ReplayCache create(Function<String, String> settings) {
    Duration clockSkew =
        Duration.ofSeconds(
            number(
                settings,
                CLOCK_SKEW_SECONDS,
                number(settings, VERIFIER_CLOCK_SKEW_SECONDS, 10, 0, 600),
                0,
                600));
    String alias = text(settings, ALIAS, EhcacheReplayCache.DEFAULT_CACHE_ALIAS);
    Duration probeInterval =
        Duration.ofMillis(
            number(
                settings,
                PROBE_INTERVAL_MILLIS,
                (int) StoreBreaker.DEFAULT_PROBE_INTERVAL.toMillis(),
                (int) StoreBreaker.MIN_PROBE_INTERVAL.toMillis(),
                (int) StoreBreaker.MAX_PROBE_INTERVAL.toMillis()));
    String config = settings.apply(CONFIG);
    if (config != null) {
      return EhcacheReplayCache.fromXml(config, alias)
          .clockSkew(clockSkew)
          .probeInterval(probeInterval)
          .build();
    }
    String uri = settings.apply(URI);
    if (uri != null) {
      URI terracotta;
      try {
        terracotta = java.net.URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(URI + " is not a URI", e);
      }
      return EhcacheReplayCache.clustered(terracotta)
          .cacheAlias(alias)
          .serverResource(text(settings, SERVER_RESOURCE, "main"))
          .size(number(settings, SIZE_MB, 64, 1, 1 << 20), MemoryUnit.MB)
          .timeout(Duration.ofMillis(number(settings, TIMEOUT_MILLIS, 2_000, 1, 600_000)))
          .probeInterval(probeInterval)
          .clockSkew(clockSkew)
          .build();
    }
    return EhcacheReplayCache.local()
        .maxEntries(number(settings, MAX_ENTRIES, 100_000, 1, 100_000_000))
        .clockSkew(clockSkew)
        .build();
  }

  private static String text(Function<String, String> settings, String name, String fallback) {
    String value = settings.apply(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static int number(
      Function<String, String> settings, String name, int fallback, int min, int max) {
    String value = settings.apply(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + min + " to " + max);
  }
}
