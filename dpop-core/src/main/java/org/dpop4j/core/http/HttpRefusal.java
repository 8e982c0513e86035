package org.dpop4j.core.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dpop4j.core.DpopError;
import org.dpop4j.core.RefusalReason;
import org.jose4j.json.JsonUtil;

/**
 * The HTTP response for a refused request: status, headers and body, built once here so that the
 * servlet filter, the JAX-RS filter and any other adapter answer identically.
 *
 * <ul>
 *   <li>resource server: 401 with {@code WWW-Authenticate: DPoP error=...} (400 for {@code
 *       invalid_request}), RFC 9449 §7.1; without an error code when the request carried no
 *       credentials of the DPoP scheme, RFC 6750 §3.1;
 *   <li>token endpoint: 400 with a JSON error body, RFC 6749 §5.2 and RFC 9449 §5;
 *   <li>{@code use_dpop_nonce} in either mode: a fresh {@code DPoP-Nonce} header;
 *   <li>replay store or token validation unavailable: 503 with {@code Retry-After}.
 * </ul>
 * Every refusal carries {@code Cache-Control: no-store}. Built by {@link
 * ResourceServerProtection#refusal} and {@link TokenEndpointProtection#refusal}.
 */
public final class HttpRefusal {

  /** Seconds a client should wait after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final RefusalReason reason;
  private final int status;
  private final Map<String, String> headers;
  private final String body;

  private HttpRefusal(RefusalReason reason, int status, Map<String, String> headers, String body) {
    this.reason = reason;
    this.status = status;
    this.headers = Collections.unmodifiableMap(headers);
    this.body = body;
  }

  /** At a resource server; {@code allowedAlgorithms} go into the challenge's {@code algs}. */
  static HttpRefusal forResourceServer(
      RefusalReason reason, String allowedAlgorithms, Optional<String> nonce) {
    return of(reason, false, allowedAlgorithms, nonce);
  }

  /** At a token endpoint, which answers with a JSON error and no challenge. */
  static HttpRefusal forTokenEndpoint(RefusalReason reason, Optional<String> nonce) {
    return of(reason, true, "", nonce);
  }

  private static HttpRefusal of(
      RefusalReason reason, boolean tokenEndpoint, String allowedAlgorithms,
      Optional<String> nonce) {
    DpopError error = reason.error();
    Map<String, String> headers = new LinkedHashMap<>();
    int status;
    String body = "";
    if (error == DpopError.TEMPORARILY_UNAVAILABLE) {
      status = 503;
      headers.put("Retry-After", RETRY_AFTER_SECONDS);
      body = jsonBody(reason);
    } else if (tokenEndpoint) {
      status = 400;
      body = jsonBody(reason);
    } else {
      status = error == DpopError.INVALID_REQUEST ? 400 : 401;
      DpopChallenge challenge =
          reason.lacksUsableCredentials()
              ? DpopChallenge.withoutError(allowedAlgorithms)
              : DpopChallenge.withError(error, reason.description(), allowedAlgorithms);
      headers.put("WWW-Authenticate", challenge.headerValue());
    }
    if (nonce.isPresent()
        && (error == DpopError.USE_DPOP_NONCE || reason.lacksUsableCredentials())) {
      headers.put("DPoP-Nonce", nonce.get());
    }
    headers.put("Cache-Control", "no-store");
    return new HttpRefusal(reason, status, headers, body);
  }

  private static String jsonBody(RefusalReason reason) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", reason.error().code());
    json.put("error_description", reason.description());
    return JsonUtil.toJson(json);
  }

  public RefusalReason reason() {
    return reason;
  }

  public int status() {
    return status;
  }

  /** Headers to set, in a stable order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The response body: a JSON error object, or empty. */
  public String body() {
    return body;
  }

  /** {@code application/json} when there is a body. */
  public Optional<String> contentType() {
    return body.isEmpty() ? Optional.empty() : Optional.of("application/json");
  }
}
