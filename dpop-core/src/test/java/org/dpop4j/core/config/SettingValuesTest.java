package org.dpop4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed readers settings and replay cache factories read their values through. */
class SettingValuesTest {

  private static SettingValues of(String... namesAndValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return SettingValues.of(values, Map.of("SECRET", " s3cret ")::get);
  }

  @Test
  void onlyNonBlankDpopSettingsArePresentAndValuesAreStripped() {
    SettingValues values = of("dpop.a", " x ", "dpop.blank", "  ", "other", "y");

    assertThat(values.names()).containsExactly("dpop.a");
    assertThat(values.text("dpop.a")).contains("x");
    assertThat(values.text("dpop.blank")).isEmpty();
    assertThat(values.text("dpop.blank", "fallback")).isEqualTo("fallback");
  }

  @Test
  void numbersAreCheckedAgainstTheirRangeNamingTheSetting() {
    SettingValues values = of("dpop.n", "7", "dpop.big", "70", "dpop.word", "seven");

    assertThat(values.integer("dpop.n", 1, 0, 10)).isEqualTo(7);
    assertThat(values.integer("dpop.absent", 3, 0, 10)).isEqualTo(3);
    assertThat(values.seconds("dpop.n", 1, 0, 10)).isEqualTo(Duration.ofSeconds(7));
    assertThat(values.millis("dpop.n", 1, 0, 10)).isEqualTo(Duration.ofMillis(7));
    assertThatThrownBy(() -> values.integer("dpop.big", 1, 0, 10))
        .hasMessage("dpop.big must be a whole number within 0..10, not '70'");
    assertThatThrownBy(() -> values.integer("dpop.word", 1, 0, 10))
        .hasMessage("dpop.word must be a whole number within 0..10, not 'seven'");
  }

  @Test
  void booleansAreTrueOrFalseOnly() {
    SettingValues values = of("dpop.yes", "TRUE", "dpop.maybe", "yes");

    assertThat(values.bool("dpop.yes")).isTrue();
    assertThat(values.bool("dpop.absent")).isFalse();
    assertThatThrownBy(() -> values.bool("dpop.maybe"))
        .hasMessage("dpop.maybe must be true or false, not 'yes'");
  }

  @Test
  void urisAndHttpUrlsAreChecked() {
    SettingValues values =
        of("dpop.url", "https://as.example.test/jwks", "dpop.ftp", "ftp://x/y", "dpop.bad", "%zz");

    assertThat(values.httpUri("dpop.url")).isEqualTo(URI.create("https://as.example.test/jwks"));
    assertThat(values.uri("dpop.ftp")).isEqualTo(URI.create("ftp://x/y"));
    assertThatThrownBy(() -> values.httpUri("dpop.ftp"))
        .hasMessage("dpop.ftp must be an absolute http(s) URL: 'ftp://x/y'");
    assertThatThrownBy(() -> values.uri("dpop.bad")).hasMessage("dpop.bad: '%zz' is not a URI");
  }

  @Test
  void wordsAreSplitOnWhitespaceAndOptionallyCommas() {
    SettingValues values = of("dpop.words", ",a b,c");

    assertThat(values.words("dpop.words", true)).isEqualTo(List.of("a", "b", "c"));
    assertThat(values.words("dpop.words", false)).isEqualTo(List.of(",a", "b,c"));
  }

  @Test
  void aRequiredSettingNamesWhy() {
    assertThatThrownBy(() -> of().required("dpop.issuer", "for JWT access tokens"))
        .hasMessage("dpop.issuer is required for JWT access tokens");
  }

  @Test
  void secretsComeFromTheEnvironmentAndNeverAppearInMessages() {
    SettingValues values = of("dpop.secret", "env:SECRET", "dpop.inline", "s3cret");

    assertThat(values.secret("dpop.secret")).isEqualTo("s3cret");
    assertThatThrownBy(() -> values.secret("dpop.inline"))
        .hasMessageContaining("dpop.inline must be env:VARIABLE or file:/path")
        .hasMessageNotContaining("s3cret");
    assertThat(values.toString()).contains("dpop.secret").doesNotContain("env:SECRET");
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> SettingValues.of(null, name -> null)).hasMessage("values");
    assertThatThrownBy(() -> SettingValues.of(Map.of(), null)).hasMessage("environment");
  }
}
