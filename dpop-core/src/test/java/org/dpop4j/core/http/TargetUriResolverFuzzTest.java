package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/**
 * Fuzzes the forwarding-header parsing of resolvers that trust the peer (one per {@link
 * TrustedProxyHeader}, and one with public base URIs), so that no {@code Forwarded} or {@code
 * X-Forwarded-*} value a client slips past a proxy can crash the request, yield a target that is
 * not an http(s) URI with a host, or leave the public base URIs.
 *
 * <p>An input is text: the first line is the request URL, the second the peer address, every
 * further line a header as {@code Name: value} (see {@code TargetUriResolverFuzzTestInputs/}).
 */
class TargetUriResolverFuzzTest {

  private static final List<String> PROXIES = List.of("10.0.0.0/8", "::1", "fd00::/8");
  private static final List<String> PUBLIC_BASES =
      List.of("https://api.example.com/eu", "http://app.internal:8080");
  private static final List<TargetUriResolver> RESOLVERS =
      List.of(
          TargetUriResolver.trustingProxies(TrustedProxyHeader.X_FORWARDED, PROXIES),
          TargetUriResolver.trustingProxies(TrustedProxyHeader.FORWARDED, PROXIES),
          TargetUriResolver.builder()
              .trustedProxies(TrustedProxyHeader.FORWARDED, PROXIES)
              .publicBaseUris(PUBLIC_BASES.stream().map(URI::create).toList())
              .build());

  @FuzzTest(maxDuration = "20s")
  void anyForwardingHeaderResolvesToAnHttpUriOrIsRefusedWithoutThrowing(byte[] input) {
    String[] lines = new String(input, StandardCharsets.ISO_8859_1).split("\n", -1);
    String requestUrl = lines.length > 0 && !lines[0].isEmpty() ? lines[0] : "http://app.internal:8080/";
    String peer = lines.length > 1 ? lines[1] : "10.0.0.1";
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 2; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
    }

    headers.values().forEach(ForwardedHeader::parse);
    TestRequest request = new TestRequest("GET", requestUrl, Optional.of(peer), headers, Map.of());
    for (TargetUriResolver resolver : RESOLVERS) {
      try {
        URI target = resolver.resolve(request);
        assertThat(target.getScheme()).isIn("http", "https");
        assertThat(target.getHost()).isNotNull();
        assertThat(target.getRawUserInfo()).isNull();
        if (resolver.hasPublicBaseUris()) {
          assertThat(PUBLIC_BASES).anySatisfy(base -> assertThat(target.toString()).startsWith(base + "/"));
        }
      } catch (DpopException refused) {
        assertThat(refused.reason())
            .isIn(
                RefusalReason.HTU_MISMATCH,
                RefusalReason.CONFLICTING_PROXY_HEADERS,
                RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
      }
    }
  }
}
