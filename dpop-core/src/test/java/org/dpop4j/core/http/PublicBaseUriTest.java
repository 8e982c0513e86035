package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpop4j.core.http.TargetUriResolverTest.assertRefused;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TargetUriResolver} with public base URIs: the {@code Host} header only selects one. */
class PublicBaseUriTest {

  private static TargetUriResolver publicBases(String... uris) {
    return TargetUriResolver.builder()
        .publicBaseUris(Arrays.stream(uris).map(URI::create).toList())
        .build();
  }

  private static URI resolve(TargetUriResolver resolver, String requestUrl, Map<String, List<String>> headers)
      throws DpopException {
    return resolver.resolve(TestRequest.get(requestUrl, "10.0.0.1", headers));
  }

  @Test
  void hostHeaderCannotChooseATargetOutsideThePublicBaseUris() {
    TargetUriResolver resolver = publicBases("https://api-us.example.test");

    assertRefused(
        () -> resolve(resolver, "https://api-eu.example.test/orders", Map.of()),
        RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
    assertRefused(
        () -> resolve(resolver, "http://api-us.example.test/orders", Map.of()),
        RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
    assertRefused(
        () -> resolve(resolver, "https://api-us.example.test:8443/orders", Map.of()),
        RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
  }

  @Test
  void untrustedForwardingHeadersCannotChooseEither() {
    assertRefused(
        () ->
            resolve(
                publicBases("https://api-us.example.test"),
                "http://10.0.0.5:8080/orders",
                Map.of("X-Forwarded-Proto", List.of("https"), "X-Forwarded-Host", List.of("api-us.example.test"))),
        RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
  }

  @Test
  void theRequestSelectsOneOfSeveralBasesByOriginWithDefaultPortsEitherWay() throws DpopException {
    TargetUriResolver resolver =
        publicBases("https://API.example.test:443", "http://api.example.test:8080/", "https://[2001:db8::1]");

    assertThat(resolve(resolver, "https://api.example.test/orders/7?x=1", Map.of()))
        .hasToString("https://api.example.test/orders/7");
    assertThat(resolve(resolver, "https://api.example.test:443/orders", Map.of()))
        .hasToString("https://api.example.test/orders");
    assertThat(resolve(resolver, "http://API.EXAMPLE.test:8080/orders", Map.of()))
        .hasToString("http://api.example.test:8080/orders");
    assertThat(resolve(resolver, "https://[2001:db8::1]/", Map.of())).hasToString("https://[2001:db8::1]/");
  }

  @Test
  void thePrefixAProxyStripsIsPartOfThePublicUri() throws DpopException {
    TargetUriResolver resolver =
        TargetUriResolver.builder()
            .trustedProxies(TrustedProxyHeader.X_FORWARDED, List.of("10.0.0.0/8"))
            .publicBaseUris(List.of(URI.create("https://gw.example.test/eu/")))
            .build();

    assertThat(
            resolve(
                resolver,
                "http://10.0.0.5:8080/orders/7",
                Map.of("X-Forwarded-Proto", List.of("https"), "X-Forwarded-Host", List.of("gw.example.test"))))
        .hasToString("https://gw.example.test/eu/orders/7");
    assertRefused(
        () -> resolve(resolver, "http://10.0.0.5:8080/orders/7", Map.of()),
        RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://api.example.test",
        "/relative",
        "api.example.test",
        "mailto:ops@example.test",
        "https://user:secret@api.example.test",
        "https://api.example.test/?x=1",
        "https://api.example.test/#top",
        "https://api.example.test:0",
        "https://api.example.test:70000",
        "https://api.example.test/a/../b",
        "https://api.example.test/a//b",
        "https://api.example.test/./a",
        "http://under_score/"
      })
  void aBadPublicBaseUriIsRejectedQuotingIt(String uri) {
    assertThatThrownBy(() -> publicBases(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + uri + "'");
  }

  @Test
  void twoBasesOfOneOriginAreRejectedSinceARequestCannotTellThemApart() {
    assertThatThrownBy(() -> publicBases("https://gw.example.test/eu", "https://gw.example.test:443/us"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share scheme, host and port");
  }

  @Test
  void theBuilderRefusesNullsEmptinessAndSettingTwice() {
    assertThatThrownBy(() -> TargetUriResolver.builder().publicBaseUris(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("baseUris");
    assertThatThrownBy(() -> TargetUriResolver.builder().publicBaseUris(Arrays.asList((URI) null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("public base URI");
    assertThatThrownBy(() -> TargetUriResolver.builder().publicBaseUris(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TargetUriResolver.builder().trustedProxies(null, List.of("10.0.0.1")))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("header");
    TargetUriResolver.Builder builder =
        TargetUriResolver.builder().publicBaseUris(List.of(URI.create("https://a.example.test")));
    assertThatThrownBy(() -> builder.publicBaseUris(List.of(URI.create("https://b.example.test"))))
        .isInstanceOf(IllegalStateException.class);
    TargetUriResolver.Builder proxies =
        TargetUriResolver.builder().trustedProxies(TrustedProxyHeader.FORWARDED, List.of("10.0.0.1"));
    assertThatThrownBy(() -> proxies.trustedProxies(TrustedProxyHeader.FORWARDED, List.of("10.0.0.2")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutBasesTheHostHeaderDecidesAsBefore() throws DpopException {
    assertThat(TargetUriResolver.withoutProxies().hasPublicBaseUris()).isFalse();
    assertThat(resolve(TargetUriResolver.withoutProxies(), "http://api-eu.example.test/orders", Map.of()))
        .hasToString("http://api-eu.example.test/orders");
  }
}
