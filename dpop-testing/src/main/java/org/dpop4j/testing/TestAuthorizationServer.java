package org.dpop4j.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dpop4j.testing.LocalHttpServer.Answer;
import org.jose4j.json.JsonUtil;

/**
 * A client-credentials token endpoint at {@code /token} of a {@link LocalHttpServer}: it checks
 * the client's DPoP proof with the caller's {@link ProofCheck}, then the client's id and secret,
 * and answers with an access token the caller's {@link TokenSigner} binds to the proof's key
 * ({@code cnf.jkt}). Further paths can be scripted with {@link #route}; every path counts its
 * requests.
 */
public final class TestAuthorizationServer implements AutoCloseable {

  /** The token endpoint's path. */
  public static final String TOKEN_PATH = "/token";

  /** Checks a token request's DPoP proofs, as the authorization server's DPoP verifier. */
  @FunctionalInterface
  public interface ProofCheck {
    /**
     * The checked proof's outcome for a request {@code method target} with the values of its
     * {@code DPoP} headers (none if absent).
     */
    ProofOutcome check(String method, URI target, List<String> proofs) throws Exception;
  }

  /** What a {@link ProofCheck} decided: the proof key's thumbprint, or the answer to refuse with. */
  public record ProofOutcome(String thumbprint, Answer refusal) {
    public static ProofOutcome accepted(String thumbprint) {
      return new ProofOutcome(Objects.requireNonNull(thumbprint, "thumbprint"), null);
    }

    public static ProofOutcome refused(Answer refusal) {
      return new ProofOutcome(null, Objects.requireNonNull(refusal, "refusal"));
    }
  }

  /** Signs the access tokens, as the authorization server's token signer. */
  @FunctionalInterface
  public interface TokenSigner {
    /** A token for {@code subject} with {@code scopes}, bound to the key {@code thumbprint}. */
    String sign(String subject, Set<String> scopes, String thumbprint) throws Exception;
  }

  private final LocalHttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final ProofCheck proofCheck;
  private volatile TokenSigner signer;
  private volatile Duration tokenLifetime;
  private volatile String tokenType = "DPoP";

  private TestAuthorizationServer(String clientId, String clientSecret, ProofCheck proofCheck)
      throws IOException {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    this.proofCheck = Objects.requireNonNull(proofCheck, "proofCheck");
    this.server = new LocalHttpServer();
    server.route(TOKEN_PATH, this::tokenEndpoint);
  }

  /**
   * Starts the server for the one client {@code clientId} with {@code clientSecret}. Set its
   * {@link #signer} before the first token request: a signer often names {@link #issuer()}.
   */
  public static TestAuthorizationServer start(
      String clientId, String clientSecret, ProofCheck proofCheck) throws IOException {
    return new TestAuthorizationServer(clientId, clientSecret, proofCheck);
  }

  /**
   * The signer of the tokens this server issues from now on, and how long they are valid (the
   * answer's {@code expires_in}).
   */
  public void signer(TokenSigner signer, Duration tokenLifetime) {
    this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  /** The {@code token_type} the server answers with from now on ({@code DPoP} at first). */
  public void tokenType(String tokenType) {
    this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
  }

  /** Answers requests to {@code path} with {@code handler}, such as a broken endpoint. */
  public void route(String path, LocalHttpServer.Handler handler) {
    server.route(path, handler);
  }

  /** {@code http://127.0.0.1:<port>}: an issuer for the tokens it signs. */
  public String issuer() {
    return server.origin();
  }

  public URI uri(String path) {
    return server.uri(path);
  }

  public URI tokenEndpoint() {
    return uri(TOKEN_PATH);
  }

  /** How many requests {@code path} has received. */
  public int requests(String path) {
    return server.requests(path);
  }

  private void tokenEndpoint(HttpExchange exchange) throws Exception {
    Map<String, String> form = parseForm(LocalHttpServer.body(exchange));
    ProofOutcome proof =
        proofCheck.check(
            exchange.getRequestMethod(),
            server.targetOf(exchange),
            LocalHttpServer.header(exchange, "DPoP"));
    if (proof.refusal() != null) {
      LocalHttpServer.respond(exchange, proof.refusal());
      return;
    }
    if (!"client_credentials".equals(form.get("grant_type"))
        || !clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))) {
      LocalHttpServer.respond(exchange, 401, Map.of("Content-Type", "application/json"),
          "{\"error\":\"invalid_client\"}");
      return;
    }
    TokenSigner tokens = Objects.requireNonNull(signer, "no signer set");
    Map<String, Object> response = new HashMap<>();
    response.put(
        "access_token",
        tokens.sign(
            clientId, Set.of(form.getOrDefault("scope", "").split(" ")), proof.thumbprint()));
    response.put("token_type", tokenType);
    response.put("expires_in", tokenLifetime.getSeconds());
    LocalHttpServer.respond(exchange, 200,
        Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
        JsonUtil.toJson(response));
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
    server.close();
  }
}
