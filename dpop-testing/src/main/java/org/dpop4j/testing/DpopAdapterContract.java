package org.dpop4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every dpop4j adapter (the servlet filter, the JAX-RS feature) must do for a resource server,
 * over real HTTP only (java.net.http). An adapter's test extends it and starts the adapter from
 * {@code dpop.*} settings maps, one protected application per context path, each answering
 * {@code GET <path>/orders} for a DPoP-authenticated caller with a body holding
 * {@code user=<subject>\n}; it may deploy more for its own tests, which it keeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DpopAdapterContract {

  /** The authorization server whose tokens the deployments accept. */
  protected static final TestTokens TOKENS = TestTokens.generate();
  /** The client's proof key, which {@link #boundToken()} is bound to. */
  protected static final TestKey KEY = TestKey.generate("ES256");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** {@code http://127.0.0.1:<port>} of the running adapter. */
  protected String base;

  /**
   * Starts the adapter under test with one protected application per entry of {@code
   * deployments} (context path, such as {@code /api}, to its {@code dpop.*} settings), in this
   * order, and with any the module adds for its own tests.
   *
   * @param tempDir a directory for the server's files, deleted after the class
   * @return the base URL, {@code http://127.0.0.1:<port>}
   */
  protected abstract String start(Map<String, Map<String, String>> deployments, Path tempDir)
      throws Exception;

  /** Stops what {@link #start} started. */
  protected abstract void stop() throws Exception;

  @BeforeAll
  void startAdapter(@TempDir Path tempDir) throws Exception {
    Map<String, Map<String, String>> deployments = new LinkedHashMap<>();
    deployments.put("/api", resourceServer());
    Path nonceKey = Files.writeString(tempDir.resolve("nonce.key"),
        Base64.getEncoder().encodeToString(new byte[32]));
    Map<String, String> nonce = resourceServer();
    nonce.put("dpop.nonce", "true");
    nonce.put("dpop.nonce.secret", "file:" + nonceKey);
    deployments.put("/nonce", nonce);
    base = start(deployments, tempDir);
  }

  @AfterAll
  void stopAdapter() throws Exception {
    stop();
  }

  /** Settings of a resource server accepting {@link #TOKENS}' tokens and ES256 or PS256 proofs. */
  protected static Map<String, String> resourceServer() {
    Map<String, String> settings = new HashMap<>();
    settings.put("dpop.token.jwks", TOKENS.jwksJson());
    settings.put("dpop.token.issuer", TestTokens.ISSUER);
    settings.put("dpop.token.audience", TestTokens.AUDIENCE);
    settings.put("dpop.proof.algorithms", "ES256 PS256");
    return settings;
  }

  /** A token for alice, bound to {@link #KEY}. */
  protected static String boundToken() {
    return TOKENS.boundToken("alice", KEY.thumbprint(), "read write");
  }

  /** {@link #KEY}'s proof for {@code method} on {@code path} of the adapter, for {@code token}. */
  protected String proof(String method, String path, String token) {
    return KEY.proof(method, base + path).accessToken(token).sign();
  }

  protected HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET();
  }

  /** A GET of {@code path} with a fresh bound token and its proof. */
  protected HttpRequest.Builder dpopGet(String path) {
    String token = boundToken();
    return dpopGet(path, token, proof("GET", path, token));
  }

  /** A GET of {@code path} with {@code token} in a DPoP {@code Authorization} and {@code proof}. */
  protected HttpRequest.Builder dpopGet(String path, String token, String proof) {
    return get(path).header("Authorization", "DPoP " + token).header("DPoP", proof);
  }

  protected static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A refusal: {@code status}, a DPoP challenge with {@code error}, not cached, no content. */
  protected static void assertRefused(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(
            challenge ->
                assertThat(challenge).startsWith("DPoP ")
                    .contains("error=\"" + error + "\"")
                    .contains("algs=\"ES256 PS256\""));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).doesNotContain("user=");
  }

  @Test
  void aRequestWithoutCredentialsIsChallenged() throws Exception {
    HttpResponse<String> response = send(get("/api/orders"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("DPoP algs=\"ES256 PS256\"");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void stopsTokenTheftByRefusingAProofFromAnotherKey() throws Exception {
    String token = boundToken();
    TestKey thief = TestKey.generate("ES256");
    HttpResponse<String> response =
        send(dpopGet("/api/orders", token,
            thief.proof("GET", base + "/api/orders").accessToken(token).sign()));

    assertRefused(response, 401, "invalid_dpop_proof");
  }

  @Test
  void stopsProofReplayByRefusingASecondUse() throws Exception {
    String token = boundToken();
    String proof = proof("GET", "/api/orders", token);
    HttpRequest.Builder request =
        dpopGet("/api/orders", token, proof);

    assertThat(send(request).statusCode()).isEqualTo(200);
    assertRefused(send(request), 401, "invalid_dpop_proof");
  }

  @Test
  void headerNamesAndTheSchemeMatchCaseInsensitively() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("AUTHORIZATION", "dpop " + token)
            .header("DPOP", proof("GET", "/api/orders", token)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("user=alice\n");
  }

  @Test
  void stopsProofSmugglingByRefusingTwoDpopHeaders() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(dpopGet("/api/orders", token, proof("GET", "/api/orders", token))
            .header("DPoP", proof("GET", "/api/orders", token)));

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("More than one DPoP proof");
  }

  @Test
  void aNonceIsDemandedAndTheRetryWithItIsAccepted() throws Exception {
    String token = boundToken();
    HttpResponse<String> challenge =
        send(dpopGet("/nonce/orders", token, proof("GET", "/nonce/orders", token)));

    assertRefused(challenge, 401, "use_dpop_nonce");
    String nonce = challenge.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> retry =
        send(dpopGet("/nonce/orders", token,
            KEY.proof("GET", base + "/nonce/orders").accessToken(token).nonce(nonce).sign()));

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).contains("user=alice\n");
  }

  @Test
  void stopsHtuSpoofingByIgnoringForwardingHeadersFromAnUntrustedPeer() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.example.test")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", "https://api.example.test/api/orders").accessToken(token).sign()));

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("htu does not match");
  }
}
