package org.dpop4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Protections built from settings report to an observer: issue 17's token-cache counts. */
class ObserverSettingTest {

  private static final TestTokens TOKENS = DpopSettingsTest.TOKENS;
  private static final TestKey CLIENT = TestKey.generate("ES256");
  private static final URI TARGET = URI.create("https://api.example.test/orders");

  private static Map<String, String> resourceServer() {
    return DpopSettingsTest.resourceServer();
  }

  /** Authenticates twice with one token and two fresh proofs. */
  private static void sendTwice(DpopSettings settings) throws DpopException {
    ResourceServerProtection protection = (ResourceServerProtection) settings.protection();
    String token = TOKENS.boundToken("alice", CLIENT.thumbprint(), "read");
    for (int i = 0; i < 2; i++) {
      String proof = CLIENT.proof("GET", TARGET.toString()).accessToken(token).sign();
      protection
          .authenticator()
          .authenticate("GET", TARGET, List.of("DPoP " + token), List.of(proof));
    }
  }

  @Test
  void anObserverNamedInTheSettingsCountsTokenCacheHitsAndMisses() throws DpopException {
    Map<String, String> settings = resourceServer();
    settings.put(DpopSettings.OBSERVER, CountingObserver.class.getName());
    int hits = CountingObserver.HITS.get();
    int misses = CountingObserver.MISSES.get();

    sendTwice(DpopSettings.from(settings));

    assertThat(CountingObserver.MISSES.get() - misses).isEqualTo(1);
    assertThat(CountingObserver.HITS.get() - hits).isEqualTo(1);
  }

  @Test
  void anObserverPassedInCodeIsToldOfProofsAndTokenCacheLookups() throws DpopException {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    DpopObserver observer =
        new DpopObserver() {
          @Override
          public void accepted(org.dpop4j.core.VerifiedProof proof, java.time.Duration elapsed) {
            accepted.incrementAndGet();
          }

          @Override
          public void tokenCacheHit() {
            lookups.incrementAndGet();
          }

          @Override
          public void tokenCacheMiss() {
            lookups.incrementAndGet();
          }
        };

    sendTwice(DpopSettings.reader().observer(observer).read(resourceServer()));

    assertThat(accepted).hasValue(2);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void anObserverInCodeAndInTheSettingsIsAConflict() {
    Map<String, String> settings = resourceServer();
    settings.put(DpopSettings.OBSERVER, CountingObserver.class.getName());

    assertThatThrownBy(() -> DpopSettings.reader().observer(DpopObserver.NONE).read(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DpopSettings.OBSERVER + " is set but an observer was passed in code");
  }

  @Test
  void anObserverClassThatIsNoObserverFailsNamingTheSetting() {
    Map<String, String> settings = resourceServer();
    settings.put(DpopSettings.OBSERVER, String.class.getName());

    assertThatThrownBy(() -> DpopSettings.from(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.observer: java.lang.String is not a org.dpop4j.core.DpopObserver");
  }
}
