package org.dpop4j.jca.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.client.TokenCache.IssuedToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The client credentials grant (RFC 6749 §4.4) with a DPoP proof: the request, the nonce
 * challenge of RFC 9449 §8, and the checks on the answer. A response body over {@link
 * #MAX_RESPONSE_BYTES} is refused unread; an endpoint that has not sent its headers within the
 * timeout, or then its whole body within the timeout again, is cut off: the request runs under
 * {@link TokenCache}'s lock, so an endpoint that could stall it would stall every caller.
 */
final class TokenEndpoint implements TokenCache.TokenSource {

  /** Far above any token response; a JWT access token that size could not be sent anyway. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  /**
   * The longest {@code expires_in} taken at its word: ten years. A larger one (up to {@code 1e300}
   * from a hostile endpoint) would overflow the refresh time, so it is refused.
   */
  static final long MAX_EXPIRES_IN_SECONDS = 10L * 366 * 24 * 60 * 60;

  private final ClientCredentials grant;
  private final SigningSender sender;
  private final Duration refreshMargin;
  private final Duration timeout;
  private final Clock clock;

  TokenEndpoint(
      ClientCredentials grant,
      SigningSender sender,
      Duration refreshMargin,
      Duration timeout,
      Clock clock) {
    this.grant = grant;
    this.sender = sender;
    this.refreshMargin = refreshMargin;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * A new DPoP-bound token, to be replaced {@code refreshMargin} before its {@code expires_in}.
   *
   * @throws TokenRequestException if the endpoint refuses, answers too much, or issues no
   *     DPoP-bound token
   */
  @Override
  public IssuedToken request() throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", grant.clientId());
    form.put("client_secret", grant.clientSecret());
    grant.scope().ifPresent(scope -> form.put("scope", scope));
    HttpRequest request =
        HttpRequest.newBuilder(grant.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    Instant requestedAt = clock.instant();
    HttpResponse<String> response;
    try {
      response =
          sender.send(
              request,
              ProofClaims.none(),
              BoundedBody.upTo(MAX_RESPONSE_BYTES, timeout),
              TokenEndpoint::isNonceChallenge);
    } catch (IOException e) {
      BoundedBody.CutOff cutOff = BoundedBody.CutOff.in(e).orElseThrow(() -> e);
      throw new TokenRequestException(
          cutOff instanceof BoundedBody.TooSlow
              ? "the token response body was not complete " + timeout.toMillis()
                  + " ms after its headers and was cut off"
              : "the token response is larger than " + MAX_RESPONSE_BYTES
                  + " bytes and was not read",
          cutOff.status(), null, null);
    }
    Map<String, Object> json = jsonObject(response.body());
    if (response.statusCode() != 200) {
      throw new TokenRequestException(
          "token request failed: HTTP " + response.statusCode(),
          response.statusCode(),
          json.get("error") instanceof String error ? error : null,
          json.get("error_description") instanceof String description ? description : null);
    }
    if (!(json.get("token_type") instanceof String type) || !type.equalsIgnoreCase("DPoP")) {
      // A Bearer token would be usable by anyone who steals it: the binding is the point.
      throw new TokenRequestException(
          "the token endpoint issued a token_type other than DPoP", response.statusCode(), null,
          null);
    }
    if (!(json.get("access_token") instanceof String token) || token.isEmpty()) {
      throw new TokenRequestException(
          "the token response has no access_token", response.statusCode(), null, null);
    }
    return new IssuedToken(token, refreshAt(json.get("expires_in"), requestedAt, response));
  }

  /**
   * When to replace a token that {@code expiresIn} seconds after {@code requestedAt}; none
   * without an {@code expires_in}, so the token is not reused.
   *
   * @throws TokenRequestException for a negative {@code expires_in} or one over {@link
   *     #MAX_EXPIRES_IN_SECONDS}, which no honest endpoint sends
   */
  private Optional<Instant> refreshAt(
      Object expiresIn, Instant requestedAt, HttpResponse<String> response)
      throws TokenRequestException {
    if (!(expiresIn instanceof Number seconds)) {
      return Optional.empty();
    }
    // doubleValue, not longValue: 1e300 and Long.MAX_VALUE + 1 must not wrap into range.
    double value = seconds.doubleValue();
    if (!(value >= 0 && value <= MAX_EXPIRES_IN_SECONDS)) {
      throw new TokenRequestException(
          "the token response has an expires_in outside 0.." + MAX_EXPIRES_IN_SECONDS + " s",
          response.statusCode(), null, null);
    }
    return Optional.of(requestedAt.plusSeconds(seconds.longValue()).minus(refreshMargin));
  }

  /** RFC 9449 §8: 400 with the JSON error {@code use_dpop_nonce}. */
  private static boolean isNonceChallenge(HttpResponse<String> response) {
    return response.statusCode() == 400
        && "use_dpop_nonce".equals(jsonObject(response.body()).get("error"));
  }

  private static Map<String, Object> jsonObject(String body) {
    try {
      return body.isBlank() ? Map.of() : JsonUtil.parseJson(body);
    } catch (JoseException | RuntimeException e) {
      return Map.of();
    }
  }

  private static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @Override
  public String toString() {
    return grant.toString();
  }
}
