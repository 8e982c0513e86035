package org.dpop4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.junit.jupiter.api.Test;

/** Strictness of the settings the mechanism and the registration listener read. */
class SettingsSourceTest {

  private static final Map<String, String> TOKEN_ENDPOINT =
      Map.of(DpopSettings.MODE, "token-endpoint");

  @Test
  void aMisspeltContextParamFailsTheDeployment() {
    Map<String, String> contextParams =
        Map.of(DpopSettings.MODE, "token-endpoint", "dpop.nonse", "true");

    assertThatThrownBy(() -> SettingsSource.read(contextParams, Map.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.nonse is not a dpop4j setting");
  }

  @Test
  void aMisspeltNameInTheApplicationsMicroProfileConfigFailsTheDeployment() {
    Map<String, String> microProfile = Map.of("dpop.nonse", "true");

    assertThatThrownBy(() -> SettingsSource.read(TOKEN_ENDPOINT, microProfile, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.nonse is not a dpop4j setting");
  }

  @Test
  void aStrayDpopSystemPropertyDoesNotFailAnotherApplicationsDeployment() {
    Map<String, String> microProfile = Map.of("dpop.other-app.setting", "x");

    try (DpopSettings settings =
        SettingsSource.read(TOKEN_ENDPOINT, microProfile, Set.of("dpop.other-app.setting"))) {
      assertThat(settings.protection()).isInstanceOf(TokenEndpointProtection.class);
    }
  }

  @Test
  void aKnownSettingFromASystemPropertyIsStillChecked() {
    Map<String, String> microProfile = Map.of(DpopSettings.NONCE, "maybe");

    assertThatThrownBy(
            () -> SettingsSource.read(TOKEN_ENDPOINT, microProfile, Set.of(DpopSettings.NONCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.nonce must be true or false");
  }

  @Test
  void microProfileConfigOverridesContextParams() {
    Map<String, String> contextParams = Map.of(DpopSettings.MODE, "resource-server");

    try (DpopSettings settings = SettingsSource.read(contextParams, TOKEN_ENDPOINT, Set.of())) {
      assertThat(settings.protection()).isInstanceOf(TokenEndpointProtection.class);
    }
  }
}
