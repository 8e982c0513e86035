package org.dpop4j.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.jca.pkcs11.Pkcs11Token;
import org.jose4j.json.JsonUtil;

/**
 * The authorization server the deployments trust: a client-credentials token endpoint on
 * 127.0.0.1 that checks the client's DPoP proof with dpop-core (token-endpoint mode) and issues
 * JWT access tokens bound to the proof's key ({@code cnf.jkt}), signed in the HSM by dpop-jca.
 */
final class TestAuthorizationServer implements AutoCloseable {

  static final String CLIENT_ID = "it-client";
  static final String AUDIENCE = "https://api.dpop-it.test";

  private final String clientSecret;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final DpopVerifier proofs = DpopVerifier.builder().build();
  private final AccessTokenSigner signer;

  TestAuthorizationServer(Pkcs11Token hsm, String clientSecret) throws Exception {
    this.clientSecret = clientSecret;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    KeyPair signingKeys = hsm.generateKeyPair("it-authorization-server", JwsAlgorithm.ES256);
    signer =
        AccessTokenSigner.builder(
                JwsAlgorithm.ES256, signingKeys.getPrivate(), signingKeys.getPublic())
            .provider(hsm.provider())
            .issuer(issuer())
            .audience(AUDIENCE)
            .tokenLifetime(Duration.ofMinutes(10))
            .build();
    server.createContext("/token", this::tokenEndpoint);
    server.setExecutor(executor);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI tokenEndpoint() {
    return URI.create(issuer() + "/token");
  }

  /** The public signing key, for the deployments' {@code dpop.token.jwks}. */
  String jwks() {
    return signer.jwksJson();
  }

  private void tokenEndpoint(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form =
          parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      VerifiedProof proof;
      try {
        proof =
            proofs.verify(
                DpopRequest.toTokenEndpoint(
                    exchange.getRequestMethod(),
                    tokenEndpoint(),
                    Optional.ofNullable(exchange.getRequestHeaders().get("DPoP"))
                        .orElse(List.of())));
      } catch (DpopException e) {
        HttpRefusal refusal = TokenEndpointProtection.of(proofs).refusal(e);
        refusal.headers().forEach(exchange.getResponseHeaders()::add);
        respond(exchange, refusal.status(), refusal.body());
        return;
      }
      if (!"client_credentials".equals(form.get("grant_type"))
          || !CLIENT_ID.equals(form.get("client_id"))
          || !clientSecret.equals(form.get("client_secret"))) {
        respond(exchange, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      Map<String, Object> token = new HashMap<>();
      token.put(
          "access_token",
          signer.sign(
              CLIENT_ID,
              Set.of(form.getOrDefault("scope", "").split(" ")),
              proof.thumbprint()));
      token.put("token_type", "DPoP");
      token.put("expires_in", signer.tokenLifetime().getSeconds());
      exchange.getResponseHeaders().add("Cache-Control", "no-store");
      respond(exchange, 200, JsonUtil.toJson(token));
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> parseForm(String form) {
    Map<String, String> values = new HashMap<>();
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
