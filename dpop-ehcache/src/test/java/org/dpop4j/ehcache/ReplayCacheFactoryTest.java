package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.testing.TestKey;
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
            .verifier();
    String proof =
        TestKey.generate(JwsAlgorithm.ES256)
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

  @Test
  void localCacheIsTheDefaultAndBadSettingsAreNamed() {
    EhcacheReplayCacheFactory factory = new EhcacheReplayCacheFactory();
    assertThat(factory.name()).isEqualTo("ehcache");
    try (EhcacheReplayCache cache =
        (EhcacheReplayCache)
            factory.create(Map.of(EhcacheReplayCacheFactory.MAX_ENTRIES, "10")::get)) {
      assertThat(cache).isNotNull();
    }
    assertThatThrownBy(() -> factory.create(Map.of(EhcacheReplayCacheFactory.MAX_ENTRIES, "0")::get))
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
                      Map.of(
                              EhcacheReplayCacheFactory.URI, "terracotta://127.0.0.1:9/unused",
                              EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS, interval)
                          ::get))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS + " must be a whole number from 100 to 60000");
    }
    try (EhcacheReplayCache cache =
        (EhcacheReplayCache)
            factory.create(
                Map.of(
                        EhcacheReplayCacheFactory.CONFIG, "classpath:dpop-replay-local.xml",
                        EhcacheReplayCacheFactory.PROBE_INTERVAL_MILLIS, "100")
                    ::get)) {
      assertThat(cache).as("in range").isNotNull();
    }
  }
}
