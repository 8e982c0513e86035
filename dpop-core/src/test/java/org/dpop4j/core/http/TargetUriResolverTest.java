package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUriResolverTest {

  private static final List<String> PROXIES = List.of("10.0.0.0/8", "fd00::/8", "192.0.2.7");
  private static final TargetUriResolver BEHIND_PROXY =
      TargetUriResolver.trustingProxies(TrustedProxyHeader.X_FORWARDED, PROXIES);
  private static final TargetUriResolver BEHIND_RFC7239_PROXY =
      TargetUriResolver.trustingProxies(TrustedProxyHeader.FORWARDED, PROXIES);

  private static URI resolve(TargetUriResolver resolver, String peer, Map<String, List<String>> headers)
      throws DpopException {
    return resolver.resolve(TestRequest.get("http://app.internal:8080/orders/7?x=1", peer, headers));
  }

  @Test
  void withoutProxiesTheContainerUrlWithoutQueryIsTheTarget() throws DpopException {
    assertThat(resolve(TargetUriResolver.withoutProxies(), "10.1.2.3", Map.of()))
        .hasToString("http://app.internal:8080/orders/7");
  }

  @Test
  void stopsHtuSpoofingByIgnoringForwardingHeadersFromAnUntrustedPeer() throws DpopException {
    Map<String, List<String>> forged =
        Map.of(
            "X-Forwarded-Proto", List.of("https"),
            "X-Forwarded-Host", List.of("other.example.com"),
            "Forwarded", List.of("proto=https;host=other.example.com"));
    assertThat(resolve(BEHIND_PROXY, "203.0.113.9", forged))
        .hasToString("http://app.internal:8080/orders/7");
    assertThat(resolve(TargetUriResolver.withoutProxies(), "10.0.0.1", forged))
        .hasToString("http://app.internal:8080/orders/7");
  }

  @Test
  void xForwardedHeadersFromATrustedProxyGiveTheClientsUri() throws DpopException {
    assertThat(
            resolve(
                BEHIND_PROXY,
                "10.20.30.40",
                Map.of("x-forwarded-proto", List.of("HTTPS"), "X-FORWARDED-HOST", List.of("api.example.com"))))
        .hasToString("https://api.example.com/orders/7");
  }

  @Test
  void forwardedProtoAloneDropsTheUpstreamPort() throws DpopException {
    assertThat(resolve(BEHIND_PROXY, "192.0.2.7", Map.of("X-Forwarded-Proto", List.of("https"))))
        .hasToString("https://app.internal/orders/7");
  }

  @Test
  void forwardedPortAndHostPortAreKept() throws DpopException {
    assertThat(
            resolve(
                BEHIND_PROXY,
                "10.0.0.1",
                Map.of(
                    "X-Forwarded-Proto", List.of("https"),
                    "X-Forwarded-Host", List.of("api.example.com"),
                    "X-Forwarded-Port", List.of("8443"))))
        .hasToString("https://api.example.com:8443/orders/7");
    assertThat(
            resolve(BEHIND_PROXY, "10.0.0.1", Map.of("X-Forwarded-Host", List.of("api.example.com:9000"))))
        .hasToString("http://api.example.com:9000/orders/7");
  }

  @Test
  void rfc7239ForwardedFromAnIpv6ProxyGivesTheClientsUri() throws DpopException {
    Map<String, List<String>> headers =
        Map.of("Forwarded", List.of("for=\"[2001:db8::1]:4711\";proto=https;host=\"api.example.com\""));
    assertThat(resolve(BEHIND_RFC7239_PROXY, "fd12:3456::1", headers))
        .hasToString("https://api.example.com/orders/7");
  }

  @Test
  void stopsAClientFromInjectingAnEarlierForwardedValueThroughAnAppendingProxy()
      throws DpopException {
    Map<String, List<String>> appended =
        Map.of("Forwarded", List.of("proto=http;host=evil.example.com, proto=https;host=api.example.com"));
    assertThat(resolve(BEHIND_RFC7239_PROXY, "10.0.0.1", appended))
        .hasToString("https://api.example.com/orders/7");
    Map<String, List<String>> appendedX =
        Map.of("X-Forwarded-Host", List.of("evil.example.com, api.example.com"));
    assertThat(resolve(BEHIND_PROXY, "10.0.0.1", appendedX))
        .hasToString("http://api.example.com/orders/7");
    Map<String, List<String>> appendedLines =
        Map.of("X-Forwarded-Host", List.of("evil.example.com", "api.example.com"));
    assertThat(resolve(BEHIND_PROXY, "10.0.0.1", appendedLines))
        .hasToString("http://api.example.com/orders/7");
  }

  @Test
  void clientForwardedHeaderCannotOverrideTrustedProxyXForwardedHost() {
    Map<String, List<String>> headers =
        Map.of(
            "X-Forwarded-Proto", List.of("https"),
            "X-Forwarded-Host", List.of("api.example.com"),
            "Forwarded", List.of("proto=https;host=evil.example.com"));
    assertRefused(() -> resolve(BEHIND_PROXY, "10.0.0.1", headers), RefusalReason.CONFLICTING_PROXY_HEADERS);
  }

  @Test
  void clientXForwardedHeadersCannotOverrideTrustedProxyForwarded() {
    assertRefused(
        () ->
            resolve(
                BEHIND_RFC7239_PROXY,
                "10.0.0.1",
                Map.of(
                    "Forwarded", List.of("proto=https;host=api.example.com"),
                    "X-Forwarded-Host", List.of("evil.example.com"))),
        RefusalReason.CONFLICTING_PROXY_HEADERS);
    assertRefused(
        () ->
            resolve(
                BEHIND_RFC7239_PROXY,
                "10.0.0.1",
                Map.of(
                    "Forwarded", List.of("proto=https;host=api.example.com"),
                    "X-Forwarded-Proto", List.of("http"))),
        RefusalReason.CONFLICTING_PROXY_HEADERS);
    assertRefused(
        () ->
            resolve(
                BEHIND_RFC7239_PROXY,
                "10.0.0.1",
                Map.of(
                    "Forwarded", List.of("proto=https;host=api.example.com"),
                    "X-Forwarded-Port", List.of("8443"))),
        RefusalReason.CONFLICTING_PROXY_HEADERS);
  }

  @Test
  void anUnreadableHeaderOfTheOtherKindIsRefusedRatherThanIgnored() {
    assertRefused(
        () ->
            resolve(
                BEHIND_PROXY,
                "10.0.0.1",
                Map.of("X-Forwarded-Host", List.of("api.example.com"), "Forwarded", List.of("host=\"unterminated"))),
        RefusalReason.CONFLICTING_PROXY_HEADERS);
  }

  @Test
  void anOtherHeaderThatAgreesIsAccepted() throws DpopException {
    Map<String, List<String>> headers =
        Map.of(
            "X-Forwarded-Proto", List.of("https"),
            "X-Forwarded-Host", List.of("API.example.com"),
            "X-Forwarded-Port", List.of("443"),
            "Forwarded", List.of("for=192.0.2.1;proto=https;host=api.example.com"));
    assertThat(resolve(BEHIND_PROXY, "10.0.0.1", headers))
        .hasToString("https://API.example.com:443/orders/7");
    assertThat(resolve(BEHIND_RFC7239_PROXY, "10.0.0.1", headers))
        .hasToString("https://api.example.com/orders/7");
  }

  @Test
  void xForwardedHostAndXForwardedPortNamingDifferentPortsAreRefused() {
    assertRefused(
        () ->
            resolve(
                BEHIND_PROXY,
                "10.0.0.1",
                Map.of("X-Forwarded-Host", List.of("api.example.com:8443"), "X-Forwarded-Port", List.of("9443"))),
        RefusalReason.CONFLICTING_PROXY_HEADERS);
  }

  @Test
  void ipv4MappedIpv6PeerMatchesItsIpv4Range() throws DpopException {
    assertThat(resolve(BEHIND_PROXY, "::ffff:10.9.8.7", Map.of("X-Forwarded-Proto", List.of("https"))))
        .hasToString("https://app.internal/orders/7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.example.com/x", "user@api.example.com", "api.example.com?x", "", "a b"})
  void malformedForwardedHostFromATrustedProxyIsRefused(String host) {
    assertThatThrownBy(
            () -> resolve(BEHIND_PROXY, "10.0.0.1", Map.of("X-Forwarded-Host", List.of(host))))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.HTU_MISMATCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"proto=ftp", "proto=\"https", "host=a;host=b", "=x", "proto=https;;"})
  void malformedForwardedFromATrustedProxyIsRefused(String forwarded) {
    assertThatThrownBy(
            () -> resolve(BEHIND_RFC7239_PROXY, "10.0.0.1", Map.of("Forwarded", List.of(forwarded))))
        .isInstanceOfSatisfying(
            DpopException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.HTU_MISMATCH));
  }

  @Test
  void aRequestUrlThatIsNoHttpUriIsRefused() {
    assertThatThrownBy(
            () ->
                TargetUriResolver.withoutProxies()
                    .resolve(TestRequest.get("http://app/a b", "10.0.0.1", Map.of())))
        .isInstanceOf(DpopException.class);
  }

  @Test
  void cidrBoundariesHoldForIpv4AndIpv6() {
    TargetUriResolver resolver =
        TargetUriResolver.trustingProxies(
            TrustedProxyHeader.X_FORWARDED, List.of("192.168.4.0/22", "2001:db8:abcd::/47"));
    assertThat(resolver.isTrustedProxy("192.168.7.255")).isTrue();
    assertThat(resolver.isTrustedProxy("192.168.8.0")).isFalse();
    assertThat(resolver.isTrustedProxy("192.168.3.255")).isFalse();
    assertThat(resolver.isTrustedProxy("2001:db8:abcd:1:ffff::1")).isTrue();
    assertThat(resolver.isTrustedProxy("[2001:db8:abcd:1::1%eth0]")).isTrue();
    assertThat(resolver.isTrustedProxy("2001:db8:abce::1")).isFalse();
    assertThat(resolver.isTrustedProxy("not-an-address")).isFalse();
    assertThat(resolver.trustsProxies()).isTrue();
    assertThat(TargetUriResolver.withoutProxies().trustsProxies()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "::1/129", "10.0.0", "256.1.1.1", "10.0.0.1/x"})
  void proxyEntriesThatAreNotAddressesAreRejectedWithoutAnyLookup(String entry) {
    assertThatThrownBy(
            () -> TargetUriResolver.trustingProxies(TrustedProxyHeader.FORWARDED, List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(entry);
  }

  interface Resolution {
    URI run() throws DpopException;
  }

  static void assertRefused(Resolution resolution, RefusalReason reason) {
    assertThatThrownBy(resolution::run)
        .isInstanceOfSatisfying(DpopException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
