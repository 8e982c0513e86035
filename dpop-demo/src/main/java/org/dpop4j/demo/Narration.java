package org.dpop4j.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.LifecycleException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.client.ClientCredentials;
import org.dpop4j.jca.client.DpopClient;
import org.dpop4j.jca.client.TokenRequestException;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The story the demo tells: a client obtains a DPoP-bound token and uses it, and a thief fails
 * three ways to use it after stealing it; then a server that demands nonces is answered with one
 * retry. The honest client is dpop4j's {@link DpopClient}; the thief's requests are written by
 * hand with {@code java.net.http}. Every HTTP exchange is printed as one line with its status and
 * the reason, and every step says whether it went as it should.
 */
final class Narration {

  private static final Pattern CHALLENGE_PARAMETER =
      Pattern.compile("(error|error_description)=\"([^\"]*)\"");
  private static final int SHOWN_THUMBPRINT_CHARACTERS = 10;

  /** The status of a response and its OAuth {@code error} code, if it has one. */
  record Outcome(int status, Optional<String> error) {

    static Outcome accepted() {
      return new Outcome(200, Optional.empty());
    }

    static Outcome refused(int status, String error) {
      return new Outcome(status, Optional.of(error));
    }

    @Override
    public String toString() {
      return status + error.map(code -> " " + code).orElse("");
    }
  }

  /**
   * One step of the story.
   *
   * @param id a short name, stable for tests
   * @param expected the outcome each exchange of the step should have, in order
   * @param actual the outcome each exchange had
   * @param problems anything else that was wrong, such as a token bound to the wrong key
   */
  record Step(
      String id, List<Outcome> expected, List<Outcome> actual, List<String> problems) {

    boolean asExpected() {
      return expected.equals(actual) && problems.isEmpty();
    }
  }

  /**
   * What happened.
   *
   * @param complete whether every step ran; the story stops when the client gets no token
   */
  record Result(List<Step> steps, boolean complete) {

    boolean succeeded() {
      return complete && steps.stream().allMatch(Step::asExpected);
    }
  }

  private final PrintStream out;
  private final HttpClient http;
  private final ServerKey serverKey;
  private final List<Step> steps = new ArrayList<>();
  private String stepId;
  private List<Outcome> outcomes;
  private List<String> problems;
  private ObservedHttpClient.Exchange lastExchange;

  private Narration(PrintStream out, ServerKey serverKey) {
    this.out = out;
    this.serverKey = serverKey;
    this.http =
        new ObservedHttpClient(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), this::report);
  }

  /**
   * Starts the servers on free ports of 127.0.0.1, tells the story to {@code out} and stops them.
   *
   * @param serverKey signs the access tokens
   */
  static Result tell(ServerKey serverKey, PrintStream out)
      throws IOException, InterruptedException, LifecycleException, GeneralSecurityException {
    Narration narration = new Narration(out, serverKey);
    try (DemoServer server = DemoServer.start(0, false, serverKey)) {
      boolean complete = narration.tell(server);
      narration.summarize(complete);
      return new Result(List.copyOf(narration.steps), complete);
    }
  }

  private boolean tell(DemoServer server)
      throws IOException, InterruptedException, LifecycleException, GeneralSecurityException {
    out.printf("dpop4j demo: authorization server and API in embedded Tomcat at %s%n",
        server.baseUri());
    out.printf("access tokens are signed with the %s%n", serverKey.description());

    begin("key", "The client generates its key pair; tokens will be bound to its thumbprint");
    DpopProofFactory proofs = newKey();
    say("%s key, jkt %s", proofs.algorithm().joseName(), abbreviated(proofs.thumbprint()));
    end(List.of(), "");

    begin("token", "It obtains an access token with a DPoP proof of that key (DpopClient)");
    DpopClient client = clientOf(proofs, server);
    Optional<String> token = accessToken(client);
    if (token.isEmpty()) {
      end(List.of(Outcome.accepted()), "");
      return false;
    }
    String boundJkt = boundThumbprint(token.get());
    say("the token's cnf.jkt is %s", abbreviated(boundJkt));
    if (!boundJkt.equals(proofs.thumbprint())) {
      problems.add("the token is bound to " + boundJkt + ", not to the client's key");
    }
    end(List.of(Outcome.accepted()), "a DPoP-bound token, as expected");

    begin("api", "It calls the API with the token and a fresh proof: servlet filter, then JAX-RS");
    URI hello = server.baseUri().resolve("/api/hello");
    expectGreeting(client.sendWithAccessToken(get(hello).build(), text()), proofs);
    HttpRequest captured = lastExchange.request();
    expectGreeting(
        client.sendWithAccessToken(get(server.baseUri().resolve("/api/jaxrs/hello")).build(),
            text()),
        proofs);
    end(List.of(Outcome.accepted(), Outcome.accepted()), "accepted, as expected");

    begin("replay", "A thief who captured that request sends it again, proof and all");
    http.send(HttpRequest.newBuilder(captured, (name, value) -> true).build(), text());
    end(List.of(Outcome.refused(401, "invalid_dpop_proof")), "refused, as it should be");

    begin("stolen-token", "The thief signs a fresh proof for the stolen token with its own key");
    DpopProofFactory thiefKey = newKey();
    http.send(
        get(hello)
            .header("Authorization", "DPoP " + token.get())
            .header("DPoP", thiefKey.proof("GET", hello, ProofClaims.accessToken(token.get())))
            .build(),
        text());
    end(List.of(Outcome.refused(401, "invalid_dpop_proof")), "refused, as it should be");

    begin("bearer", "The thief sends the stolen token as a plain Bearer token");
    http.send(get(hello).header("Authorization", "Bearer " + token.get()).build(), text());
    end(List.of(Outcome.refused(401, "invalid_token")), "refused, as it should be");

    try (DemoServer nonceServer = DemoServer.start(0, true, serverKey)) {
      begin("nonce", "A second server demands nonces, as serve --require-nonce does;"
          + " the client's first proof has none");
      DpopClient newcomer = clientOf(proofs, nonceServer);
      if (accessToken(newcomer).isPresent()) {
        expectGreeting(
            newcomer.sendWithAccessToken(
                get(nonceServer.baseUri().resolve("/api/hello")).build(), text()),
            proofs);
      }
      end(
          List.of(Outcome.refused(400, "use_dpop_nonce"), Outcome.accepted(), Outcome.accepted()),
          "challenged once, retried with the nonce, then accepted");
    }
    return true;
  }

  private void begin(String id, String title) {
    stepId = id;
    outcomes = new ArrayList<>();
    problems = new ArrayList<>();
    out.printf("%n[%d] %s%n", steps.size() + 1, title);
  }

  private void say(String format, Object... arguments) {
    out.printf("    " + format + "%n", arguments);
  }

  private void end(List<Outcome> expected, String success) {
    Step step = new Step(stepId, expected, List.copyOf(outcomes), List.copyOf(problems));
    steps.add(step);
    if (!step.asExpected()) {
      say("NOT AS EXPECTED: wanted %s, got %s%s", expected, step.actual(),
          problems.isEmpty() ? "" : "; " + String.join("; ", problems));
    } else if (!success.isEmpty()) {
      say("%s", success);
    }
  }

  private void summarize(boolean complete) {
    long failed = steps.stream().filter(step -> !step.asExpected()).count();
    out.println();
    if (!complete) {
      out.printf("The story stopped at step %d: without a token the client cannot go on.%n",
          steps.size());
    } else if (failed == 0) {
      out.printf("All %d steps behaved as expected.%n", steps.size());
    } else {
      out.printf("%d of %d steps did not behave as expected.%n", failed, steps.size());
    }
  }

  /** Prints one exchange and records its outcome in the current step. */
  private void report(ObservedHttpClient.Exchange exchange) {
    lastExchange = exchange;
    HttpRequest request = exchange.request();
    HttpResponse<?> response = exchange.response();
    Map<String, String> error = errorOf(response);
    Outcome outcome =
        new Outcome(response.statusCode(), Optional.ofNullable(error.get("error")));
    outcomes.add(outcome);
    String result;
    if (outcome.error().isPresent()) {
      result = outcome + ": " + error.getOrDefault("error_description", "");
      if (response.headers().firstValue("DPoP-Nonce").isPresent()) {
        result += " (and a DPoP-Nonce)";
      }
    } else {
      result = outcome + " " + successSummary(response);
    }
    say("%s %s %s -> %s", request.method(), request.uri().getPath(), credentials(request), result);
  }

  /** What authenticates a request: the token's scheme and whether a proof, with a nonce, came. */
  private static String credentials(HttpRequest request) {
    StringJoiner sent = new StringJoiner(", ", "[", "]");
    request.headers().firstValue("Authorization")
        .ifPresent(value -> sent.add(value.split(" ", 2)[0] + " token"));
    Optional<String> proof = request.headers().firstValue("DPoP");
    if (proof.isEmpty()) {
      sent.add("no proof");
    } else {
      sent.add(jwtPayload(proof.get()).containsKey("nonce") ? "proof with nonce" : "proof");
    }
    return sent.toString();
  }

  private static String successSummary(HttpResponse<?> response) {
    Map<String, Object> json = jsonBody(response);
    if (json.containsKey("access_token")) {
      return "token_type " + json.get("token_type") + ", expires_in " + json.get("expires_in");
    }
    if (json.containsKey("sub")) {
      return "sub " + json.get("sub") + ", jkt " + abbreviated(String.valueOf(json.get("jkt")))
          + " (" + json.get("protected_by") + ")";
    }
    return "";
  }

  /** The {@code error} and {@code error_description} of a challenge or a JSON error body. */
  private static Map<String, String> errorOf(HttpResponse<?> response) {
    Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
    if (challenge.isPresent()) {
      Map<String, String> parameters = new HashMap<>();
      Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge.get());
      while (matcher.find()) {
        parameters.put(matcher.group(1), matcher.group(2));
      }
      return parameters;
    }
    Map<String, String> parameters = new HashMap<>();
    jsonBody(response).forEach((name, value) -> {
      if (name.startsWith("error") && value instanceof String text) {
        parameters.put(name, text);
      }
    });
    return parameters;
  }

  private void expectGreeting(HttpResponse<String> response, DpopProofFactory caller) {
    Map<String, Object> json = jsonBody(response);
    if (response.statusCode() == 200
        && !(DemoServer.CLIENT_ID.equals(json.get("sub"))
            && caller.thumbprint().equals(json.get("jkt")))) {
      problems.add("the API did not name the client and its key: " + response.body());
    }
  }

  private Optional<String> accessToken(DpopClient client) throws IOException, InterruptedException {
    try {
      return Optional.of(client.accessToken());
    } catch (TokenRequestException e) {
      say("no token: %s", e.getMessage());
      return Optional.empty();
    }
  }

  private DpopClient clientOf(DpopProofFactory proofs, DemoServer server) {
    return DpopClient.builder(proofs)
        .httpClient(http)
        .clientCredentials(
            ClientCredentials.of(
                server.tokenEndpoint(), DemoServer.CLIENT_ID, DemoServer.CLIENT_SECRET))
        .build();
  }

  private static DpopProofFactory newKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    return DpopProofFactory.builder(JwsAlgorithm.ES256, keys.getPrivate(), keys.getPublic())
        .build();
  }

  private static String boundThumbprint(String accessToken) {
    return jwtPayload(accessToken).get("cnf") instanceof Map<?, ?> cnf
            && cnf.get("jkt") instanceof String jkt
        ? jkt
        : "(none)";
  }

  /** The claims of a compact JWS, read without checking it: only for telling what was sent. */
  private static Map<String, Object> jwtPayload(String jws) {
    String[] parts = jws.split("\\.", -1);
    return parts.length == 3
        ? json(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8))
        : Map.of();
  }

  private static Map<String, Object> jsonBody(HttpResponse<?> response) {
    return response.body() instanceof String body ? json(body) : Map.of();
  }

  private static Map<String, Object> json(String text) {
    try {
      return text.isBlank() ? Map.of() : JsonUtil.parseJson(text);
    } catch (JoseException e) {
      return Map.of();
    }
  }

  private static String abbreviated(String thumbprint) {
    return thumbprint.length() <= SHOWN_THUMBPRINT_CHARACTERS
        ? thumbprint
        : thumbprint.substring(0, SHOWN_THUMBPRINT_CHARACTERS) + "...";
  }

  private static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET();
  }

  private static HttpResponse.BodyHandler<String> text() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
