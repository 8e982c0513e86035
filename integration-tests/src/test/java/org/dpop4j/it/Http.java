package org.dpop4j.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** Raw HTTP as an attacker or a load balancer sends it, and what a client reads back. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern AUTH_PARAM = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");

  private Http() {}

  /** A GET with these headers, given as name, value, name, value... */
  static HttpResponse<String> get(URI uri, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The parameters of the response's {@code WWW-Authenticate: DPoP ...} challenge ({@code error},
   * {@code error_description}, {@code algs}); fails if there is no DPoP challenge.
   */
  static Map<String, String> dpopChallenge(HttpResponse<?> response) {
    String header =
        response.headers().firstValue("WWW-Authenticate")
            .filter(value -> value.regionMatches(true, 0, "DPoP", 0, 4))
            .orElseThrow(
                () -> new AssertionError("no DPoP challenge in " + response.headers().map()));
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher parameter = AUTH_PARAM.matcher(header);
    while (parameter.find()) {
      parameters.put(parameter.group(1), parameter.group(2));
    }
    return parameters;
  }

  /**
   * The nonce the server demands, read from its challenge to a proof from {@code proofs} without
   * one; fails unless the server answers {@code use_dpop_nonce} with a {@code DPoP-Nonce}.
   */
  static String serverNonce(URI uri, String token, DpopProofFactory proofs) throws Exception {
    HttpResponse<String> challenge =
        get(uri, "Authorization", "DPoP " + token,
            "DPoP", proofs.proof("GET", uri, ProofClaims.accessToken(token)));
    if (!"use_dpop_nonce".equals(dpopChallenge(challenge).get("error"))) {
      throw new AssertionError("expected use_dpop_nonce, got " + challenge.headers().map());
    }
    return challenge.headers().firstValue("DPoP-Nonce")
        .orElseThrow(() -> new AssertionError("use_dpop_nonce without a DPoP-Nonce header"));
  }

  /** The claims of the DPoP proof a request carried. */
  static Map<String, Object> proofClaims(HttpRequest request) throws JoseException {
    String proof =
        request.headers().firstValue("DPoP")
            .orElseThrow(() -> new AssertionError("the request carried no DPoP proof"));
    String payload = proof.split("\\.")[1];
    return JsonUtil.parseJson(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
