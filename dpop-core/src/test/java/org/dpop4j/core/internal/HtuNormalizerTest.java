package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtuNormalizerTest {

  @ParameterizedTest
  @CsvSource({
    "https://example.com/a, https://example.com/a",
    "HTTPS://EXAMPLE.com/a, https://example.com/a",
    "https://example.com:443/a, https://example.com/a",
    "http://example.com:80/a, http://example.com/a",
    "http://example.com:8080/a, http://example.com:8080/a",
    "https://example.com, https://example.com/",
    "https://example.com/a?b=c#d, https://example.com/a",
    "https://example.com/a/./b/../c, https://example.com/a/c",
    "https://example.com/../a, https://example.com/a",
    "https://example.com/a/.., https://example.com/",
    "https://example.com/%7euser, https://example.com/~user",
    "https://example.com/a%2fb, https://example.com/a%2Fb",
    "https://example.com/%C3%A9, https://example.com/%C3%A9",
    "https://[::1]:8443/a, https://[::1]:8443/a"
  })
  void normalizes(String input, String expected) {
    assertThat(HtuNormalizer.normalize(input)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/relative",
        "urn:example:a",
        "ftp://example.com/a",
        "https://user:pass@example.com/a",
        "https://exa mple.com/a",
        "https://example.com/%zz",
        "https://example.com/%4",
        "mailto:a@example.com",
        "https:///path",
        "https://example.com:99999999999999999999/a"
      })
  void refusesWhatIsNotAnAbsoluteHttpUri(String input) {
    assertThat(HtuNormalizer.normalize(input)).isEmpty();
  }

  /** Percent-encoded dot segments must not smuggle in a different path. */
  @org.junit.jupiter.api.Test
  void encodedDotSegmentsAreResolvedLikePlainOnes() {
    assertThat(HtuNormalizer.normalize("https://example.com/a/%2E%2E/admin"))
        .contains("https://example.com/admin");
  }
}
