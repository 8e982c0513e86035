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
 * #MAX_RESPONSE_BYTES} is refused unread.
 */
final class TokenEndpoint implements TokenCache.TokenSource {

  /** Far above any token response; a JWT access token that size could not be sent anyway. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final ClientCredentials grant;
  private final SigningSender sender;
  private final Duration refreshMargin;
  private final Clock clock;

  TokenEndpoint(
      ClientCredentials grant, SigningSender sender, Duration refreshMargin, Clock clock) {
    this.grant = grant;
    this.sender = sender;
    this.refreshMargin = refreshMargin;
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
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    Instant requestedAt = clock.instant();
    HttpResponse<String> response;
    try {
      response =
          sender.send(
              request,
              ProofClaims.none(),
              BoundedBody.upTo(MAX_RESPONSE_BYTES),
              TokenEndpoint::isNonceChallenge);
    } catch (IOException e) {
      BoundedBody.TooLarge tooLarge = BoundedBody.TooLarge.in(e).orElseThrow(() -> e);
      throw new TokenRequestException(
          "the token response is larger than " + MAX_RESPONSE_BYTES + " bytes and was not read",
          tooLarge.status(), null, null);
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
    Optional<Instant> refreshAt =
        json.get("expires_in") instanceof Number seconds
            ? Optional.of(requestedAt.plusSeconds(seconds.longValue()).minus(refreshMargin))
            : Optional.empty();
    return new IssuedToken(token, refreshAt);
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
