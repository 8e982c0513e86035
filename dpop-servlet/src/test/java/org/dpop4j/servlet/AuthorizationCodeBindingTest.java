package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.catalina.LifecycleException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorization code injection at the token endpoint (RFC 9449 §10): a code whose authorization
 * request carried {@code dpop_jkt} is redeemed only with a proof by that key, whatever the token
 * request itself says, through the real filter in embedded Tomcat.
 */
class AuthorizationCodeBindingTest {

  private static final TestKey CLIENT = TestKey.generate("ES256");
  private static final TestKey ATTACKER = TestKey.generate("ES256");
  private static final String INVALID_GRANT =
      "{\"error\":\"invalid_grant\",\"error_description\":"
          + "\"The authorization code is bound to another DPoP key\"}";

  @TempDir static Path tempDir;
  private static TestServer server;

  @BeforeAll
  static void startServer() throws LifecycleException {
    TokenEndpointProtection inCode =
        TokenEndpointProtection.builder(DpopVerifier.builder().build())
            .authorizationCodeBinding(new StoredCodeBindings())
            .build();
    server =
        new TestServer(tempDir.resolve("tomcat"))
            .filter("token", "/token", new DpopFilter(inCode))
            .filter("web-xml-token", "/web-xml/token", StoredCodeBindings.tokenEndpointSettings())
            .start();
  }

  @AfterAll
  static void stopServer() throws LifecycleException {
    server.close();
  }

  /** A fresh code, bound to the client's key as its authorization request asked. */
  private static String codeBoundToTheClient() {
    String code = UUID.randomUUID().toString();
    StoredCodeBindings.bind(code, CLIENT.thumbprint());
    return code;
  }

  private static HttpResponse<String> redeem(String path, String form, TestKey signer)
      throws Exception {
    String htu = server.base() + path.replaceFirst("[?].*", "");
    return TestServer.send(server.post(path, form).header("DPoP", signer.proof("POST", htu).sign()));
  }

  private static void assertInvalidGrant(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).isEqualTo(INVALID_GRANT);
  }

  @Test
  void stolenCodeRedeemedWithAttackerKeyIsRefused() throws Exception {
    String code = codeBoundToTheClient();

    // The attacker names its own key in dpop_jkt: the old check compared the proof with that.
    HttpResponse<String> stolen =
        redeem("/token",
            "grant_type=authorization_code&code=" + code + "&dpop_jkt=" + ATTACKER.thumbprint(),
            ATTACKER);

    assertInvalidGrant(stolen);
    // Refused before the authorization server saw it: the client can still redeem its code.
    HttpResponse<String> legitimate =
        redeem("/token", "grant_type=authorization_code&code=" + code, CLIENT);
    assertThat(legitimate.statusCode()).isEqualTo(200);
    assertThat(legitimate.body()).contains("jkt=" + CLIENT.thumbprint() + "\n");
  }

  @Test
  void stolenCodeRedeemedWithoutDpopJktParameterIsRefused() throws Exception {
    HttpResponse<String> response =
        redeem("/token", "grant_type=authorization_code&code=" + codeBoundToTheClient(), ATTACKER);

    assertInvalidGrant(response);
  }

  @Test
  void stolenCodeSentInTheQueryIsCheckedToo() throws Exception {
    HttpResponse<String> response =
        redeem("/token?code=" + codeBoundToTheClient(), "grant_type=authorization_code", ATTACKER);

    assertInvalidGrant(response);
  }

  @Test
  void boundCodeWithoutProofIsRefused() throws Exception {
    HttpResponse<String> response =
        TestServer.send(
            server.post("/token", "grant_type=authorization_code&code=" + codeBoundToTheClient()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"error\":\"invalid_dpop_proof\"", "DPoP proof required")
        .doesNotContain("grant_type=");
  }

  @Test
  void aSecondCodeBesideABoundOneIsRefused() throws Exception {
    // The filter must check the code the authorization server will redeem; with two, it cannot
    // know which one that is.
    HttpResponse<String> response =
        redeem("/token?code=unbound-" + UUID.randomUUID(),
            "grant_type=authorization_code&code=" + codeBoundToTheClient(), ATTACKER);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_request\"", "repeated");
  }

  @Test
  void aCodeBoundToNoKeyIsLeftToTheAuthorizationServer() throws Exception {
    HttpResponse<String> response =
        redeem("/token", "grant_type=authorization_code&code=unbound-" + UUID.randomUUID(), ATTACKER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("jkt=" + ATTACKER.thumbprint() + "\n", "grant_type=authorization_code\n");
  }

  @Test
  void stolenCodeIsRefusedByABindingNamedInWebXml() throws Exception {
    String code = codeBoundToTheClient();

    assertInvalidGrant(
        redeem("/web-xml/token", "grant_type=authorization_code&code=" + code, ATTACKER));
    assertThat(redeem("/web-xml/token", "grant_type=authorization_code&code=" + code, CLIENT)
            .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aTokenRequestWithoutGrantTypeIsRefusedWhereCodesAreBound() throws Exception {
    HttpResponse<String> response =
        TestServer.send(
            server.post("/token", "")
                .header("DPoP", ATTACKER.proof("POST", server.base() + "/token").sign()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_request\"", "grant_type");
  }
}
