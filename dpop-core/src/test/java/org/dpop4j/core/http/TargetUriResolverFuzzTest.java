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
 * Fuzzes the forwarding-header parsing of a resolver that trusts the peer, so that no {@code
 * Forwarded} or {@code X-Forwarded-*} value a client slips past a proxy can crash the request or
 * yield a target that is not an http(s) URI with a host.
 *
 * <p>An input is text: the first line is the request URL, the second the peer address, every
 * further line a header as {@code Name: value} (see {@code TargetUriResolverFuzzTestInputs/}).
 */
class TargetUriResolverFuzzTest {

  private static final TargetUriResolver BEHIND_PROXY =
      TargetUriResolver.trustingProxies(List.of("10.0.0.0/8", "::1", "fd00::/8"));

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
    try {
      URI target =
          BEHIND_PROXY.resolve(
              new TestRequest("GET", requestUrl, Optional.of(peer), headers, Map.of()));
      assertThat(target.getScheme()).isIn("http", "https");
      assertThat(target.getHost()).isNotNull();
      assertThat(target.getRawUserInfo()).isNull();
    } catch (DpopException refused) {
      assertThat(refused.reason()).isEqualTo(RefusalReason.HTU_MISMATCH);
    }
  }
}
