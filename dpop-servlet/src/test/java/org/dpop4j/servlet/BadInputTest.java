package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.LifecycleException;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestProof;
import org.dpop4j.testing.TestTokens;
import org.jose4j.base64url.Base64Url;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile requests through the real filter in embedded Tomcat: each is refused with a 400 or 401
 * and the right {@code error}, none reaches the application, none is a 500, and nothing the
 * attacker sent shows up in the logs.
 */
class BadInputTest {

  private static final String ALGORITHMS = "ES256 PS256 EdDSA";
  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");

  @TempDir static Path tempDir;
  private static TestServer server;

  @BeforeAll
  static void startServer() throws LifecycleException, IOException {
    Path nonceKey =
        Files.writeString(tempDir.resolve("nonce.key"), Base64.getEncoder().encodeToString(new byte[32]));
    Map<String, String> nonce = TestServer.resourceServer(TOKENS, ALGORITHMS);
    nonce.put(DpopSettings.NONCE, "true");
    nonce.put(DpopSettings.NONCE_SECRET, "file:" + nonceKey);
    Map<String, String> proxied = TestServer.resourceServer(TOKENS, ALGORITHMS);
    proxied.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1/32");
    proxied.put(DpopSettings.TRUSTED_PROXY_HEADER, "forwarded");
    server =
        new TestServer(tempDir.resolve("tomcat"))
            .filter("resource", "/api/*", TestServer.resourceServer(TOKENS, ALGORITHMS))
            .filter("nonce", "/nonce/*", nonce)
            .filter("proxied", "/proxied/*", proxied)
            .filter("token", "/token", Map.of(DpopSettings.MODE, "token-endpoint"))
            .filter("bound-token", "/bound-token", StoredCodeBindings.tokenEndpointSettings())
            .start();
  }

  @AfterAll
  static void stopServer() throws LifecycleException {
    server.close();
  }

  private static String token() {
    return TOKENS.boundToken("alice", KEY.thumbprint(), "read");
  }

  private static String url(String path) {
    return server.base() + path;
  }

  /** A request to /api/orders with a valid token for {@link #KEY} and this DPoP value. */
  private static HttpResponse<String> sendProof(String token, String dpop) throws Exception {
    return TestServer.send(
        server.get("/api/orders").header("Authorization", "DPoP " + token).header("DPoP", dpop));
  }

  /** Claims JSON, as raw text, of a proof that is valid for /api/orders except for what is edited. */
  private static String claimsJson(String token, String jti) {
    return "{\"jti\":\"" + jti + "\",\"htm\":\"GET\",\"htu\":\"" + url("/api/orders")
        + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"ath\":\"" + TestProof.ath(token) + "\"}";
  }

  private static void assertRefused(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"" + error + "\""));
    assertThat(response.body()).doesNotContain("user=");
  }

  private static void assertProofRefused(HttpResponse<String> response, String description) {
    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(description);
  }

  @Test
  void stopsMemoryExhaustionByRefusingAHugeProofUnparsed() throws Exception {
    assertProofRefused(sendProof(token(), "e".repeat(200_000)), "too large");
  }

  @Test
  void stopsMemoryExhaustionByRefusingAHugeAuthorizationHeaderUnparsed() throws Exception {
    HttpResponse<String> response =
        TestServer.send(
            server.get("/api/orders")
                .header("Authorization", "DPoP " + "e".repeat(200_000))
                .header("DPoP", KEY.proof("GET", url("/api/orders")).sign()));

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void aHeaderBeyondTheContainerLimitIsRefusedByTomcatWithA400NotA500() throws Exception {
    HttpResponse<String> response =
        TestServer.send(
            server.get("/api/orders")
                .header("Authorization", "DPoP " + token())
                .header("DPoP", "e".repeat(TestServer.MAX_REQUEST_HEADER_BYTES + 1)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("user=");
  }

  @Test
  void truncatedProofsAndTokensAreRefused() throws Exception {
    String token = token();
    String proof = KEY.proof("GET", url("/api/orders")).accessToken(token).sign();

    assertProofRefused(sendProof(token, proof.substring(0, proof.lastIndexOf('.'))), "well-formed");
    assertProofRefused(sendProof(token, proof.substring(0, proof.length() / 2)), "");
    assertRefused(sendProof(token.substring(0, token.length() / 2), proof), 401, "invalid_token");
    assertRefused(
        TestServer.send(server.get("/api/orders").header("Authorization", "DPoP").header("DPoP", proof)),
        400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+", "/", "=", "%", "*", " "})
  void stopsParserDifferentialsByRefusingAnythingButStrictBase64url(String character) throws Exception {
    String token = token();
    String proof = KEY.proof("GET", url("/api/orders")).accessToken(token).sign();
    int firstDot = proof.indexOf('.');
    String tampered = proof.substring(0, firstDot - 4) + character + proof.substring(firstDot - 3);

    assertProofRefused(sendProof(token, tampered), "well-formed");
  }

  @Test
  void stopsParserDifferentialsByRefusingInvalidUtf8InTheClaims() throws Exception {
    String token = token();
    byte[] claims = claimsJson(token, "jti-\u0001").getBytes(StandardCharsets.UTF_8);
    int marker = indexOf(claims, (byte) 1);
    claims[marker] = (byte) 0xff;

    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders")).signWithRawClaims(claims)),
        "claims are not a valid JSON object");
  }

  @Test
  void stopsParserDifferentialsByRefusingInvalidUtf8InTheJoseHeader() throws Exception {
    String token = token();
    String header =
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"kid\":\"\u0001\",\"jwk\":"
            + KEY.publicJwk().toJson() + "}";
    byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
    bytes[indexOf(bytes, (byte) 1)] = (byte) 0xc3;

    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders")).accessToken(token).signWithRawHeader(bytes)),
        "not a well-formed compact JWS");
  }

  @Test
  void nonAsciiBytesInTheDpopHeaderAreRefused() throws Exception {
    String token = token();
    byte[] request =
        ("GET /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: DPoP "
                + token + "\r\nDPoP: \u00ff\u00fe\u00c3\u0028.e30.e30\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    String response = server.sendRaw(request);

    assertThat(response).startsWith("HTTP/1.1 401 ").contains("error=\"invalid_dpop_proof\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DPoP: ab\rcd", "DPoP: ab\ncd", "X-Forwarded-Host: a\rb", "Authorization: DPoP a\nb"})
  void stopsHeaderInjectionBecauseTomcatRefusesCrOrLfInsideAValue(String header) throws Exception {
    byte[] request =
        ("GET /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + header + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    String response = server.sendRaw(request);

    assertThat(response).matches("(?s)HTTP/1\\.1 40[01] .*").doesNotContain("user=");
  }

  @Test
  void stopsAmbiguousClaimsByRefusingDuplicateJsonMembers() throws Exception {
    String token = token();
    String claims = claimsJson(token, "first");
    String duplicated = claims.substring(0, claims.length() - 1) + ",\"jti\":\"second\"}";

    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders")).signWithRawClaims(utf8(duplicated))),
        "claims are not a valid JSON object");
    String header =
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"alg\":\"none\",\"jwk\":" + KEY.publicJwk().toJson() + "}";
    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders")).accessToken(token).signWithRawHeader(utf8(header))),
        "not a well-formed compact JWS");
  }

  @Test
  void stopsStackExhaustionByRefusingDeeplyNestedJson() throws Exception {
    String token = token();
    String deepArray = "[".repeat(2_500) + "]".repeat(2_500);
    String deepJti = "{\"a\":".repeat(700) + "1" + "}".repeat(700);
    String claims = claimsJson(token, "x");

    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders")).signWithRawClaims(utf8(deepArray))),
        "claims are not a valid JSON object");
    assertProofRefused(
        sendProof(token, KEY.proof("GET", url("/api/orders"))
            .signWithRawClaims(utf8(claims.replace("\"jti\":\"x\"", "\"jti\":" + deepJti)))),
        "has no jti");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "9223372036854775808", "-9223372036854775809",
      "1e19", "-1e19", "1700000000e300", "0.000001", "\"1700000000\"", "null", "true", "[1]", "{}"})
  void stopsTimeConfusionByRefusingAnIatOutOfRangeOrNotANumber(String iat) throws Exception {
    String token = token();
    String claims =
        claimsJson(token, "iat-" + iat.hashCode())
            .replaceFirst("\"iat\":[0-9]+", "\"iat\":" + java.util.regex.Matcher.quoteReplacement(iat));

    HttpResponse<String> response =
        sendProof(token, KEY.proof("GET", url("/api/orders")).signWithRawClaims(utf8(claims)));

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .containsAnyOf("too old", "in the future", "has no iat");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jti", "htm", "htu", "ath"})
  void stopsTypeConfusionByRefusingNonStringClaims(String claim) throws Exception {
    String token = token();
    for (Object value : List.of(1, true, List.of("GET"), Map.of("a", "b"))) {
      String proof =
          KEY.proof("GET", url("/api/orders")).accessToken(token).claim(claim, value).sign();
      assertRefused(sendProof(token, proof), 401, "invalid_dpop_proof");
    }
  }

  @Test
  void stopsNonceTypeConfusionByRefusingANonStringNonce() throws Exception {
    String token = token();
    String proof =
        KEY.proof("GET", url("/nonce/orders")).accessToken(token).claim("nonce", List.of(1)).sign();

    HttpResponse<String> response =
        TestServer.send(
            server.get("/nonce/orders").header("Authorization", "DPoP " + token).header("DPoP", proof));

    assertRefused(response, 401, "use_dpop_nonce");
  }

  @Test
  void stopsFactoringAttacksByRefusingAnRsaKeyTooSmall() throws Exception {
    TestKey weak = TestKey.generate("PS256", 1024);
    String token = TOKENS.boundToken("alice", weak.thumbprint(), "read");

    assertProofRefused(
        sendProof(token, weak.proof("GET", url("/api/orders")).accessToken(token).sign()),
        "RSA key is too small");
  }

  @Test
  void stopsCpuExhaustionByRefusingAnAbsurdlyLargeRsaKeyBeforeVerifying() throws Exception {
    TestKey rsa = TestKey.generate("PS256");
    BigInteger modulus = BigInteger.ONE.shiftLeft(16_384).subtract(BigInteger.ONE);
    RSAPublicKey real = (RSAPublicKey) rsa.keyPair().getPublic();
    Map<String, Object> hugeJwk =
        Map.of(
            "kty", "RSA",
            "e", Base64Url.encode(real.getPublicExponent().toByteArray()),
            "n", Base64Url.encode(unsigned(modulus)));
    String token = TOKENS.boundToken("alice", rsa.thumbprint(), "read");

    assertProofRefused(
        sendProof(token, rsa.proof("GET", url("/api/orders")).accessToken(token).header("jwk", hugeJwk).sign()),
        "RSA key is too large");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1:%d/api/%%2e%%2e/api/orders/../orders%%00",
      "http://127.0.0.1:%d/api/orders%%0d%%0aX-Injected:%%201",
      "http://127.0.0.1:%d/api/ord\u0435rs",
      "http://\uff11\uff12\uff17.0.0.1:%d/api/orders",
      "http://127.0.0.1.:%d/api/orders",
      "http://user@127.0.0.1:%d/api/orders",
      "https://127.0.0.1:%d/api/orders",
      "http://127.0.0.1:%d/api/orders\r\nX-Injected: 1",
      "http://127.0.0.1:%d/api/Orders",
      "http://127.0.0.1:%d/api/orders/",
      "http://127.0.0.1:%d/api/orders%%2f",
      "http://127.0.0.1:%d/api%%2forders",
      "javascript://127.0.0.1:%d/api/orders",
  })
  void stopsHtuConfusionByRefusingUnicodeAndEncodedLookalikes(String htuPattern) throws Exception {
    String token = token();
    String htu = String.format(htuPattern, server.port());

    HttpResponse<String> response =
        sendProof(token, KEY.proof("GET", url("/api/orders")).accessToken(token).claim("htu", htu).sign());

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("htu");
  }

  @Test
  void stopsInjectionByRefusingCrLfInHtmAndNonce() throws Exception {
    String token = token();
    assertRefused(
        sendProof(token, KEY.proof("GET\r\nX: 1", url("/api/orders")).accessToken(token).sign()),
        401, "invalid_dpop_proof");
    String proof =
        KEY.proof("GET", url("/nonce/orders")).accessToken(token).nonce("n\r\nSet-Cookie: a=b").sign();
    HttpResponse<String> response =
        TestServer.send(
            server.get("/nonce/orders").header("Authorization", "DPoP " + token).header("DPoP", proof));
    assertRefused(response, 401, "use_dpop_nonce");
    assertThat(response.headers().map()).doesNotContainKey("set-cookie");
  }

  @Test
  void stopsLogInjectionAndLeaksByNeverLoggingWhatTheAttackerSent() throws Exception {
    String marker = "ZQXJMARKERQZX";
    List<String> julRecords = new CopyOnWriteArrayList<>();
    Handler julCapture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            julRecords.add(String.valueOf(record.getMessage()) + " " + List.of(
                record.getParameters() == null ? new Object[0] : record.getParameters())
                + " " + record.getThrown());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julCapture.setLevel(Level.ALL);
    Logger root = Logger.getLogger("");
    root.addHandler(julCapture);
    PrintStream originalErr = System.err;
    ByteArrayOutputStream slf4jOutput = new ByteArrayOutputStream();
    // slf4j-simple writes to whatever System.err is at the time of each log call.
    System.setErr(new PrintStream(new TeeOutputStream(originalErr, slf4jOutput), true, StandardCharsets.UTF_8));
    try {
      String token = token();
      String forgedToken = TOKENS.boundToken(marker, KEY.thumbprint(), marker);
      StoredCodeBindings.bind(marker, TestKey.generate("ES256").thumbprint());
      TestProof everyFieldMarked =
          KEY.proof("GET" + marker, url("/api/orders") + marker)
              .accessToken(token)
              .jti(marker + "\r\n" + marker)
              .nonce(marker)
              .claim("ath", marker)
              .header("kid", marker)
              .header("typ", "dpop+jwt" + marker);
      List<HttpRequest.Builder> requests =
          List.of(
              server.get("/api/orders" + marker + "?q=" + marker)
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", everyFieldMarked.sign()),
              server.get("/api/orders").header("Authorization", "DPoP " + marker + "=x").header("DPoP", marker),
              server.get("/api/orders").header("Authorization", marker + " " + marker),
              server.get("/api/orders").header("Authorization", "Bearer " + marker),
              server.get("/api/orders")
                  .header("Authorization", "DPoP " + forgedToken.substring(0, forgedToken.length() - 4) + "AAAA")
                  .header("DPoP", everyFieldMarked.sign()),
              server.get("/api/orders")
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", KEY.proof("GET", url("/api/orders")).accessToken(token)
                      .signWithRawClaims(utf8("{\"" + marker + "\":\"" + marker + "\"")))
                  .header("DPoP", marker),
              server.get("/proxied/orders")
                  .header("Forwarded", "proto=" + marker + ";host=\"" + marker + "\"")
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", KEY.proof("GET", url("/proxied/orders")).accessToken(token).sign()),
              server.get("/proxied/orders")
                  .header("X-Forwarded-Host", marker + ".example")
                  .header("X-Forwarded-Proto", marker)
                  .header("X-Forwarded-Port", marker)
                  .header("Authorization", "DPoP " + token),
              server.get("/nonce/orders")
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", everyFieldMarked.sign()),
              server.get("/bound-token?grant_type=" + marker + "&code=" + marker + "&code=" + marker)
                  .header("DPoP", KEY.proof("GET", url("/bound-token")).jti(marker).sign()),
              server.get("/bound-token?grant_type=" + marker + "&code=" + marker)
                  .header("DPoP", KEY.proof("GET", url("/bound-token")).jti(marker).sign()),
              server.get("/bound-token?code=" + marker)
                  .header("DPoP", KEY.proof("GET", url("/bound-token")).jti(marker).sign()),
              server.get("/api/orders").method(marker, HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", everyFieldMarked.sign()));
      for (HttpRequest.Builder request : requests) {
        HttpResponse<String> response = TestServer.send(request);
        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.body()).doesNotContain(marker);
        assertThat(response.headers().map().toString()).doesNotContain(marker);
      }
    } finally {
      System.setErr(originalErr);
      root.removeHandler(julCapture);
    }

    String logged = slf4jOutput.toString(StandardCharsets.UTF_8) + String.join("\n", julRecords);
    assertThat(logged).contains("refused a request").doesNotContain(marker);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    throw new IllegalArgumentException("no such byte");
  }

  /** Writes to two streams, so captured output still reaches the test report. */
  private static final class TeeOutputStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    TeeOutputStream(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
