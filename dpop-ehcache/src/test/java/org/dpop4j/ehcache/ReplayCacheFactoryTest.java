package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.config.SettingValues;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/** Adapters configured by {@code dpop.*} settings find this module by name. */
class ReplayCacheFactoryTest {

  private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.test/token");

  @Test
  void ehcacheIsSelectedByNameFromTheSettings() throws Exception {
    DpopVerifier verifier =
        DpopSettings.from(
                Map.of(
                    DpopSettings.MODE, "token-endpoint",
                    DpopSettings.REPLAY_CACHE, "ehcache",
                    "dpop.replay-cache.ehcache.config", "classpath:dpop-replay-local.xml",
                    "dpop.replay-cache.ehcache.clock-skew-seconds", "0"))
            .protection()
            .verifier();
    String proof =
        TestKey.generate("ES256")
            .proof("POST", TOKEN_ENDPOINT.toString())
            .issuedAt(Instant.now().plusSeconds(2))
            .sign();
    DpopRequest request =
        DpopRequest.toTokenEndpoint("POST", TOKEN_ENDPOINT, List.of(proof));

    verifier.verify(request);
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOf(DpopException.class)
        .extracting(e -> ((DpopException) e).reason())
        .isEqualTo(RefusalReason.REPLAYED_PROOF);
  }

  private static SettingValues values(String... namesAndValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return SettingValues.of(values, name -> null);
  }

  @Test
  void aMisspeltEhcacheSettingFailsTheDeployment() {
    Map<String, String> settings =
        Map.of(
            DpopSettings.MODE, "token-endpoint",
            DpopSettings.REPLAY_CACHE, "ehcache",
            "dpop.replay-cache.ehcache.max-entrys", "10");

    assertThatThrownBy(() -> DpopSettings.from(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.replay-cache.ehcache.max-entrys is not a dpop4j setting")
        .hasMessageContaining(EhcacheReplayCacheFactory.MAX_ENTRIES);
  }

  @Test
  void anEhcacheSettingWithTheMemoryCacheFailsTheDeployment() {
    Map<String, String> settings =
        Map.of(DpopSettings.MODE, "token-endpoint", EhcacheReplayCacheFactory.MAX_ENTRIES, "10");

    assertThatThrownBy(() -> DpopSettings.from(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            EhcacheReplayCacheFactory.MAX_ENTRIES
                + " is not a dpop4j setting of dpop.replay-cache=memory");
  }

  @Test
  void localCacheIsTheDefaultAndBadSettingsAreNamed() {
    EhcacheReplayCacheFactory factory = new EhcacheReplayCacheFactory();
    assertThat(factory.name()).isEqualTo("ehcache");
    try (EhcacheReplayCache cache =
        (EhcacheReplayCache)
            factory.create(values(EhcacheReplayCacheFactory.MAX_ENTRIES, "10"))) {
      assertThat(cache).isNotNull();
    }
    assertThatThrownBy(() -> factory.create(values(EhcacheReplayCacheFactory.MAX_ENTRIES, "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EhcacheReplayCacheFactory.MAX_ENTRIES);
  }

  @Test
  void aProbeIntervalOutsideItsRangeIsRefusedByName() {
    EhcacheReplayCacheFactory factory = new EhcacheReplayCacheFactory();
    for (String interval : new String[] {"99", "60001", "1s"}) {
      assertThatThrownBy(
              () ->
                  factory.create(
                      values(
                              EhcacheReplayCacheFactory.URI, "terracotta://127.0.0.1:9/unused",
                              EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS, interval)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS
                  + " must be a whole number within 100..60000");
    }
    try (EhcacheReplayCache cache =
        (EhcacheReplayCache)
            factory.create(
                values(
                        EhcacheReplayCacheFactory.CONFIG, "classpath:dpop-replay-local.xml",
                        EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS, "100"))) {
      assertThat(cache).as("in range").isNotNull();
    }
  }
}
