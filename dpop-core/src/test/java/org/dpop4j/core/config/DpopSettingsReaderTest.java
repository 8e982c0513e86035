package org.dpop4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.dpop4j.core.DpopObserver;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.junit.jupiter.api.Test;

/** The builder contract of {@link DpopSettings.Reader}, and strictness whatever the source. */
class DpopSettingsReaderTest {

  private static final Map<String, String> TOKEN_ENDPOINT =
      Map.of(DpopSettings.MODE, "token-endpoint");

  @Test
  void nullsAreRefusedByName() {
    DpopSettings.Reader reader = DpopSettings.reader();
    assertThatThrownBy(() -> reader.environment(null)).hasMessage("environment");
    assertThatThrownBy(() -> reader.observer(null)).hasMessage("observer");
    assertThatThrownBy(() -> reader.sharedNames(null)).hasMessage("names");
    assertThatThrownBy(() -> reader.read((Map<String, String>) null)).hasMessage("settings");
    assertThatThrownBy(() -> reader.read((Properties) null)).hasMessage("properties");
  }

  @Test
  void everyOptionIsSetOnce() {
    DpopSettings.Reader reader =
        DpopSettings.reader()
            .environment(name -> null)
            .observer(DpopObserver.NONE)
            .sharedNames(Set.of());
    assertThatThrownBy(() -> reader.environment(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment is already set");
    assertThatThrownBy(() -> reader.observer(DpopObserver.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("observer is already set");
    assertThatThrownBy(() -> reader.sharedNames(Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sharedNames is already set");
  }

  @Test
  void propertiesAreAsStrictAsAMap() {
    Properties properties = new Properties();
    properties.setProperty(DpopSettings.MODE, "token-endpoint");
    properties.setProperty("dpop.nonse", "true");

    assertThatThrownBy(() -> DpopSettings.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.nonse is not a dpop4j setting");
  }

  @Test
  void namesOutsideDpopAreIgnored() {
    Properties properties = new Properties();
    properties.setProperty(DpopSettings.MODE, "token-endpoint");
    properties.setProperty("jersey.config.server.tracing", "ALL");

    assertThat(DpopSettings.from(properties).protection())
        .isInstanceOf(TokenEndpointProtection.class);
  }

  @Test
  void aRenamedSettingIsRefusedNamingItsReplacement() {
    assertThatThrownBy(
            () ->
                DpopSettings.from(
                    Map.of(
                        DpopSettings.MODE, "token-endpoint",
                        "dpop.token.introspection-cache-seconds", "60")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dpop.token.introspection-cache-seconds was renamed dpop.token.cache-max-seconds;"
                + " set that instead");
  }

  @Test
  void anUnknownSharedNameIsIgnoredButAnUnknownOwnNameIsNot() {
    Map<String, String> settings =
        Map.of(DpopSettings.MODE, "token-endpoint", "dpop.elsewhere", "x", "dpop.nonse", "true");

    assertThatThrownBy(
            () -> DpopSettings.reader().sharedNames(Set.of("dpop.elsewhere")).read(settings))
        .hasMessageContaining("dpop.nonse is not a dpop4j setting");
    assertThat(
            DpopSettings.reader()
                .sharedNames(Set.of("dpop.elsewhere", "dpop.nonse"))
                .read(settings)
                .protection())
        .isInstanceOf(TokenEndpointProtection.class);
  }

  @Test
  void aRenamedSettingIsRefusedEvenFromASharedSource() {
    Map<String, String> settings =
        Map.of(DpopSettings.MODE, "token-endpoint", "dpop.token.introspection-cache-seconds", "1");

    assertThatThrownBy(
            () ->
                DpopSettings.reader()
                    .sharedNames(Set.of("dpop.token.introspection-cache-seconds"))
                    .read(settings))
        .hasMessageContaining("was renamed");
  }

  @Test
  void closingTwiceClosesOnce() {
    int open = UnavailableReplayCacheFactory.OPEN_CACHES.get();
    DpopSettings settings =
        DpopSettings.from(Map.of(DpopSettings.MODE, "token-endpoint", DpopSettings.REPLAY_CACHE, "unreachable"));

    settings.close();
    settings.close();

    assertThat(UnavailableReplayCacheFactory.OPEN_CACHES).hasValue(open);
  }

  @Test
  void aStoreSettingOfAnotherStoreIsRefused() {
    Map<String, String> settings =
        Map.of(DpopSettings.MODE, "token-endpoint", "dpop.replay-cache.unreachable.reason", "x");

    assertThatThrownBy(() -> DpopSettings.from(settings))
        .hasMessageContaining(
            "dpop.replay-cache.unreachable.reason is not a dpop4j setting of dpop.replay-cache=memory");
  }

  @Test
  void theTokenEndpointSettingsNeedNothingElse() {
    assertThat(DpopSettings.from(TOKEN_ENDPOINT).protection())
        .isInstanceOf(TokenEndpointProtection.class);
  }
}
