package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.DpopProofFactory;
import org.junit.jupiter.api.Test;

/** The builder contract: named nulls, ranges, conflicts at build(), each option set once. */
class DpopClientBuilderTest {

  /** Distinctive, so that finding it anywhere in a toString is a leak, not a coincidence. */
  private static final String CLIENT_SECRET = "s3cr3t-7c1e9b";
  private static final ClientCredentials GRANT =
      ClientCredentials.of(URI.create("https://as.example.test/token"), "client-42", CLIENT_SECRET);

  private final DpopProofFactory proofs = proofs();

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> DpopClient.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("proofs");
    assertThatThrownBy(() -> builder().httpClient(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("httpClient");
    assertThatThrownBy(() -> builder().clientCredentials(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientCredentials");
    assertThatThrownBy(() -> builder().tokenRefreshMargin(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tokenRefreshMargin");
    assertThatThrownBy(() -> builder().tokenRequestTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tokenRequestTimeout");
    assertThatThrownBy(() -> builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    DpopClient client = builder().build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://api.example.test/")).build();
    assertThatThrownBy(() -> client.send(null, HttpResponse.BodyHandlers.discarding()))
        .hasMessage("request");
    assertThatThrownBy(() -> client.send(request, null)).hasMessage("handler");
    assertThatThrownBy(() -> client.send(request, null, HttpResponse.BodyHandlers.discarding()))
        .hasMessage("accessToken");
  }

  @Test
  void valuesOutOfRangeAreRefusedInTheSetter() {
    assertThatThrownBy(() -> builder().tokenRefreshMargin(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenRefreshMargin");
    assertThatThrownBy(() -> builder().tokenRequestTimeout(Duration.ofMillis(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenRequestTimeout");
    assertThatThrownBy(() -> builder().tokenRequestTimeout(Duration.ofMinutes(5).plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenRequestTimeout");
    // the bounds themselves are in range
    builder().clientCredentials(GRANT).tokenRequestTimeout(Duration.ofMillis(100)).build();
    builder().clientCredentials(GRANT).tokenRequestTimeout(Duration.ofMinutes(5)).build();
  }

  @Test
  void settingAnOptionTwiceIsRefused() {
    HttpClient http = HttpClient.newHttpClient();
    assertThatThrownBy(() -> builder().httpClient(http).httpClient(http))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("httpClient is already set");
    assertThatThrownBy(() -> builder().clientCredentials(GRANT).clientCredentials(GRANT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clientCredentials is already set");
    assertThatThrownBy(
            () ->
                builder()
                    .tokenRefreshMargin(Duration.ofSeconds(10))
                    .tokenRefreshMargin(Duration.ofSeconds(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tokenRefreshMargin is already set");
    Duration timeout = Duration.ofSeconds(10);
    assertThatThrownBy(() -> builder().tokenRequestTimeout(timeout).tokenRequestTimeout(timeout))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tokenRequestTimeout is already set");
    assertThatThrownBy(() -> builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock is already set");
  }

  @Test
  void aTokenOptionWithoutClientCredentialsIsRefusedAtBuild() {
    assertThatThrownBy(() -> builder().tokenRefreshMargin(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tokenRefreshMargin")
        .hasMessageContaining("clientCredentials");
    assertThatThrownBy(() -> builder().tokenRequestTimeout(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tokenRequestTimeout")
        .hasMessageContaining("clientCredentials");
  }

  @Test
  void aClientWithoutCredentialsHasNoAccessToken() {
    DpopClient client = builder().build();

    assertThatThrownBy(client::accessToken)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client credentials");
    assertThat(client.toString()).contains("no grant");
  }

  @Test
  void theCompleteConfigurationBuilds() {
    DpopClient client =
        builder()
            .httpClient(HttpClient.newHttpClient())
            .clientCredentials(GRANT)
            .tokenRefreshMargin(Duration.ZERO)
            .tokenRequestTimeout(Duration.ofSeconds(5))
            .clock(Clock.systemUTC())
            .build();

    assertThat(client.toString()).contains("client-42").doesNotContain(CLIENT_SECRET);
  }

  private DpopClient.Builder builder() {
    return DpopClient.builder(proofs);
  }

  private static DpopProofFactory proofs() {
    KeyPair keys = TestKey.generate("ES256").keyPair();
    return DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
        .build();
  }
}
