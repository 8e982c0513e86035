package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.internal.Diagnostics;
import org.dpop4j.testing.CapturedStandardError;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.junit.jupiter.api.Test;

/**
 * The opt-in diagnostic log (DEBUG on {@value Diagnostics#LOGGER_NAME}, which this module's test
 * logging turns on) explains the {@code htu} and {@code iat} refusals users cannot debug alone.
 */
class DiagnosticsTest {

  static final TestTokens AS = TestTokens.generate();
  static final TestKey CLIENT = TestKey.generate("ES256");
  final TestClock clock = TestClock.startingNow();

  DpopGate gate(TargetUriResolver resolver) {
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            DpopVerifier.builder().clock(clock).build(),
            JwtAccessTokenValidator.builder()
                .jwks(AS.jwksJson())
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .build());
    return DpopGate.of(
        ResourceServerProtection.builder(authenticator).targetUriResolver(resolver).build());
  }

  TestRequest request(String url, String htu, Map<String, List<String>> extraHeaders) {
    String token = AS.boundToken("alice", CLIENT.thumbprint(), "read");
    String proof = CLIENT.proof("GET", htu).issuedAt(clock.instant()).accessToken(token).sign();
    Map<String, List<String>> headers = new java.util.HashMap<>(extraHeaders);
    headers.put("Authorization", List.of("DPoP " + token));
    headers.put("DPoP", List.of(proof));
    return TestRequest.get(url, "10.0.0.5", headers);
  }

  @Test
  void anHtuMismatchLogsTheTargetUriTheServerComputedAndThatAProxyHeaderWasUsed() {
    DpopGate behindProxy =
        gate(TargetUriResolver.trustingProxies(TrustedProxyHeader.X_FORWARDED, List.of("10.0.0.0/8")));
    try (CapturedStandardError log = CapturedStandardError.start()) {
      behindProxy.check(
          request(
              "http://app.internal:8080/orders",
              "https://api.example.test/orders",
              Map.of("X-Forwarded-Proto", List.of("https"), "X-Forwarded-Host", List.of("api.example.test:8443"))));

      assertThat(log.text())
          .contains("HTU_MISMATCH: the server computed the target URI"
              + " \"https://api.example.test:8443/orders\"; the trusted proxy's x-forwarded headers"
              + " were used");
    }
  }

  @Test
  void anHtuMismatchSaysWhenForwardingHeadersCameFromAnUntrustedPeer() {
    try (CapturedStandardError log = CapturedStandardError.start()) {
      gate(TargetUriResolver.withoutProxies())
          .check(
              request(
                  "http://app.internal:8080/orders",
                  "https://api.example.test/orders",
                  Map.of("X-Forwarded-Proto", List.of("https"))));

      assertThat(log.text())
          .contains("\"http://app.internal:8080/orders\"; forwarding headers were sent but ignored");
    }
  }

  /** Stops log forging: a path with a line break cannot start a line of its own in the log. */
  @Test
  void requestTextInTheDiagnosticLogIsEscapedAndBounded() {
    String longPath = "/" + "a".repeat(1000);
    try (CapturedStandardError log = CapturedStandardError.start()) {
      gate(TargetUriResolver.withoutProxies())
          .check(request("http://api.example.test" + longPath, "https://api.example.test/", Map.of()));

      assertThat(log.text()).contains("... (1024 characters)").doesNotContain("a".repeat(300));
    }
    assertThat(Diagnostics.quote("x\r\nINFO forged \"line\" \\ é"))
        .isEqualTo("\"x\\u000d\\u000aINFO forged \\u0022line\\u0022 \\u005c \\u00e9\"");
  }

  /** Off by default: the explanation is a DEBUG line of its own logger, not the INFO refusal. */
  @Test
  void theExplanationIsDebugOnTheDiagnosticLoggerOnly() {
    try (CapturedStandardError log = CapturedStandardError.start()) {
      gate(TargetUriResolver.withoutProxies())
          .check(request("http://app.internal:8080/orders", "https://api.example.test/orders", Map.of()));

      List<String> lines = log.text().lines().toList();
      assertThat(lines)
          .filteredOn(line -> line.contains("the server computed the target URI"))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("DEBUG " + Diagnostics.LOGGER_NAME + " - HTU_MISMATCH");
      assertThat(lines)
          .filteredOn(line -> line.contains(" INFO "))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .endsWith("refused a request from 10.0.0.5: HTU_MISMATCH");
    }
  }

  /** Stops log spoofing with a right-to-left override or other non-ASCII text in the path. */
  @Test
  void nonAsciiRequestTextIsEscaped() {
    try (CapturedStandardError log = CapturedStandardError.start()) {
      gate(TargetUriResolver.withoutProxies())
          .check(
              request(
                  "http://api.example.test/caf\u00e9/\u202egnp.exe",
                  "https://api.example.test/",
                  Map.of()));

      assertThat(log.text())
          .contains("\"http://api.example.test/caf\\u00e9/\\u202egnp.exe\"")
          .doesNotContain("\u00e9", "\u202e");
    }
  }

  /** A trusted proxy's forwarded host is request text too: bounded, and never a line of its own. */
  @Test
  void aLongOrBrokenForwardedHostIsBoundedAndCannotForgeALine() {
    DpopGate behindProxy =
        gate(TargetUriResolver.trustingProxies(TrustedProxyHeader.X_FORWARDED, List.of("10.0.0.0/8")));
    try (CapturedStandardError log = CapturedStandardError.start()) {
      behindProxy.check(
          request(
              "http://app.internal:8080/orders",
              "https://api.example.test/orders",
              Map.of("X-Forwarded-Host", List.of("h".repeat(5000) + ".example.test"))));
      behindProxy.check(
          request(
              "http://app.internal:8080/orders",
              "https://api.example.test/orders",
              Map.of("X-Forwarded-Host", List.of("api.example.test\r\nINFO forged line"))));

      assertThat(log.text())
          .contains("... (5027 characters); the trusted proxy's x-forwarded headers were used")
          .contains("the target URI (none: the request URL or a forwarding header forms no"
              + " http(s) URI); the trusted proxy's x-forwarded headers were used");
      assertThat(log.text())
          .doesNotContain("h".repeat(300))
          .doesNotContain("\nINFO forged", "\rINFO forged");
      assertThat(log.text().lines().filter(line -> line.contains("DEBUG")))
          .allSatisfy(line -> assertThat(line).hasSizeLessThan(2 * 1024));
    }
  }

  @Test
  void quotingEscapesEveryControlAndNonAsciiCharacter() {
    assertThat(Diagnostics.quote("\u0000\t\u007f\u2028\ud83d\ude00\u0085"))
        .isEqualTo("\"\\u0000\\u0009\\u007f\\u2028\\ud83d\\ude00\\u0085\"");
    assertThat(Diagnostics.quote("x".repeat(256))).isEqualTo("\"" + "x".repeat(256) + "\"");
    assertThat(Diagnostics.quote("x".repeat(257)))
        .isEqualTo("\"" + "x".repeat(256) + "\"... (257 characters)");
  }

  @Test
  void anIatRefusalLogsTheServerTimeAndTheProofsIat() {
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).build();
    long now = clock.instant().getEpochSecond();
    String old = CLIENT.proof("POST", "https://as.example.test/token")
        .issuedAt(clock.instant().minus(Duration.ofSeconds(100))).sign();
    try (CapturedStandardError log = CapturedStandardError.start()) {
      try {
        verifier.verify(
            org.dpop4j.core.DpopRequest.toTokenEndpoint(
                "POST", URI.create("https://as.example.test/token"), List.of(old)));
      } catch (org.dpop4j.core.DpopException expected) {
        assertThat(expected.reason()).isEqualTo(org.dpop4j.core.RefusalReason.IAT_TOO_OLD);
      }

      assertThat(log.text())
          .contains("IAT_TOO_OLD: proof iat " + (now - 100) + ".000 s, server time " + now
              + ".000 s (proof 100.000 s behind the server); accepted from 70 s before to 10 s"
              + " after the server time (max-age 60 s, clock skew 10 s)");
    }
  }
}
