package org.dpop4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.JwtIssuer;
import org.dpop4j.testing.TestKey;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code dpop.token.*} settings a deployment needs for real authorization servers, checked by
 * authenticating requests through the parsed settings as a filter would.
 */
class TokenSettingsTest {

  static final String ISSUER = "https://as.example.test/realms/api";
  static final String AUDIENCE = "https://api.example.test";
  static final URI TARGET = URI.create("https://api.example.test/orders");
  static final TestKey CLIENT = TestKey.generate("ES256");

  final JwtIssuer as = JwtIssuer.signingWith("ES512");
  HttpServer introspection;
  final AtomicInteger introspectionCalls = new AtomicInteger();
  final AtomicReference<String> introspectionResponse = new AtomicReference<>();

  @BeforeEach
  void startIntrospectionEndpoint() throws Exception {
    introspection = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    introspection.createContext(
        "/introspect",
        exchange -> {
          introspectionCalls.incrementAndGet();
          byte[] body = introspectionResponse.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    introspection.start();
  }

  @AfterEach
  void stopIntrospectionEndpoint() {
    introspection.stop(0);
  }

  Map<String, String> jwt() {
    Map<String, String> settings = new HashMap<>();
    settings.put(DpopSettings.JWKS, as.jwksJson());
    settings.put(DpopSettings.ISSUER, ISSUER);
    settings.put(DpopSettings.AUDIENCE, AUDIENCE);
    return settings;
  }

  Map<String, String> introspection() {
    Map<String, String> settings = new HashMap<>();
    settings.put(
        DpopSettings.INTROSPECTION_URI,
        "http://127.0.0.1:" + introspection.getAddress().getPort() + "/introspect");
    settings.put(DpopSettings.INTROSPECTION_CLIENT_ID, "api");
    settings.put(DpopSettings.INTROSPECTION_CLIENT_SECRET, "env:SECRET");
    return settings;
  }

  static DpopSettings parse(Map<String, String> settings) {
    return DpopSettings.reader().environment(Map.of("SECRET", "s3cret")::get).read(settings);
  }

  /** Authenticates a request with {@code token} and the client's proof; null when accepted. */
  static RefusalReason refusal(DpopSettings settings, String token) {
    String proof = CLIENT.proof("GET", TARGET.toString()).accessToken(token).sign();
    try {
      ((ResourceServerProtection) settings.protection()).authenticator()
          .authenticate("GET", TARGET, List.of("DPoP " + token), List.of(proof));
      return null;
    } catch (DpopException e) {
      return e.reason();
    }
  }

  String token(String typ, String audience) {
    return as.sign(JwtIssuer.claims(ISSUER, audience, "alice", CLIENT.thumbprint()), typ);
  }

  String activeResponse(String audience) {
    return "{\"active\":true,\"sub\":\"alice\",\"exp\":" + (Instant.now().getEpochSecond() + 300)
        + ",\"aud\":\"" + audience + "\",\"cnf\":{\"jkt\":\"" + CLIENT.thumbprint() + "\"}}";
  }

  @Test
  void byDefaultOnlyAtJwtIsAcceptedButEveryAsymmetricAlgorithm() {
    DpopSettings settings = parse(jwt());

    assertThat(refusal(settings, token("at+jwt", AUDIENCE))).as("ES512 at+jwt").isNull();
    assertThat(refusal(settings, token("JWT", AUDIENCE)))
        .isEqualTo(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED);
  }

  @Test
  void tokenTypesWidenTheAcceptedTyp() {
    Map<String, String> values = jwt();
    values.put(DpopSettings.TOKEN_TYPES, "at+jwt  JWT");

    DpopSettings settings = parse(values);

    assertThat(refusal(settings, token("JWT", AUDIENCE))).isNull();
    assertThat(refusal(settings, token("at+jwt", AUDIENCE))).isNull();
    assertThat(refusal(settings, token("id_token+jwt", AUDIENCE)))
        .isEqualTo(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED);
  }

  @Test
  void tokenAlgorithmsNarrowTheAcceptedAlgorithms() {
    Map<String, String> values = jwt();
    values.put(DpopSettings.TOKEN_ALGORITHMS, ", RS256,PS256 ES256");

    assertThat(refusal(parse(values), token("at+jwt", AUDIENCE)))
        .isEqualTo(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
  }

  @Test
  void anyOneOfSeveralAudiencesMatches() {
    Map<String, String> values = jwt();
    values.put(DpopSettings.AUDIENCE, "api-client " + AUDIENCE);
    DpopSettings settings = parse(values);

    assertThat(refusal(settings, token("at+jwt", "api-client"))).isNull();
    assertThat(refusal(settings, token("at+jwt", AUDIENCE))).isNull();
    assertThat(refusal(settings, token("at+jwt", "account")))
        .isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH);
  }

  @Test
  void introspectionHonoursTheAudience() {
    Map<String, String> values = introspection();
    values.put(DpopSettings.AUDIENCE, "api other");
    DpopSettings settings = parse(values);

    introspectionResponse.set(activeResponse("api"));
    assertThat(refusal(settings, "opaque-1")).isNull();
    introspectionResponse.set(activeResponse("account"));
    assertThat(refusal(settings, "opaque-2")).isEqualTo(RefusalReason.TOKEN_AUDIENCE_MISMATCH);
    introspectionResponse.set("{\"active\":false}");
    assertThat(refusal(settings, "opaque-3")).isEqualTo(RefusalReason.TOKEN_INACTIVE);
  }

  @Test
  void introspectionCachesForFiveMinutesByDefaultAndNotAtAllWithZero() {
    introspectionResponse.set(activeResponse("api"));
    DpopSettings cached = parse(introspection());
    refusal(cached, "opaque");
    refusal(cached, "opaque");
    assertThat(introspectionCalls).hasValue(1);

    Map<String, String> values = introspection();
    values.put(DpopSettings.TOKEN_CACHE_MAX_SECONDS, "0");
    DpopSettings uncached = parse(values);
    refusal(uncached, "opaque");
    refusal(uncached, "opaque");
    assertThat(introspectionCalls).hasValue(3);
  }

  @Test
  void theLongestMaxAgeIsWhatTheSkewLeavesOfAnHour() {
    Map<String, String> values = jwt();
    values.put(DpopSettings.MAX_AGE_SECONDS, "3590");
    assertThat(parse(values).protection().verifier()).isNotNull();

    values.put(DpopSettings.CLOCK_SKEW_SECONDS, "0");
    values.put(DpopSettings.MAX_AGE_SECONDS, "3600");
    assertThat(parse(values).protection().verifier()).isNotNull();

    values.put(DpopSettings.CLOCK_SKEW_SECONDS, "600");
    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.proof.max-age-seconds must be a whole number within 1..3000");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dpop.token.types|,|dpop.token.types: at least one token type is required",
        "dpop.token.algorithms|RS256 HS256|dpop.token.algorithms: 'HS256' is not an asymmetric JWS algorithm",
        "dpop.token.algorithms|none|dpop.token.algorithms: 'none' is not an asymmetric JWS algorithm",
        "dpop.token.algorithms|ES256K|dpop.token.algorithms: 'ES256K' is not an asymmetric JWS algorithm",
        "dpop.token.introspection-cache-seconds|60|dpop.token.introspection-cache-seconds was renamed dpop.token.cache-max-seconds",
        "dpop.proof.max-age-seconds|3600|dpop.proof.max-age-seconds must be a whole number within 1..3590",
      })
  void aBadJwtTokenSettingFailsNamingIt(String name, String value, String message) {
    Map<String, String> values = jwt();
    values.put(name, value);

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dpop.token.cache-max-seconds|-1|dpop.token.cache-max-seconds must be a whole number within 0..86400",
        "dpop.token.cache-max-seconds|86401|dpop.token.cache-max-seconds must be a whole number within 0..86400",
        "dpop.token.cache-max-seconds|five|dpop.token.cache-max-seconds must be a whole number",
        "dpop.token.introspection-cache-seconds|60|dpop.token.introspection-cache-seconds was renamed dpop.token.cache-max-seconds",
        "dpop.token.types|at+jwt|dpop.token.types applies to JWT access tokens, not to dpop.token.introspection-uri",
        "dpop.token.algorithms|RS256|dpop.token.algorithms applies to JWT access tokens, not to dpop.token.introspection-uri",
        "dpop.token.issuer|https://as.example.test|dpop.token.issuer applies to JWT access tokens",
      })
  void aBadIntrospectionTokenSettingFailsNamingIt(String name, String value, String message) {
    Map<String, String> values = introspection();
    values.put(name, value);

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void tokenSettingsAtATokenEndpointAreAMistake() {
    for (String name :
        List.of(
            DpopSettings.TOKEN_TYPES, DpopSettings.TOKEN_ALGORITHMS,
            DpopSettings.TOKEN_CACHE_MAX_SECONDS)) {
      assertThatThrownBy(
              () -> DpopSettings.from(Map.of(DpopSettings.MODE, "token-endpoint", name, "1")))
          .hasMessage(name + " applies to dpop.mode=resource-server only");
    }
  }

  @Test
  void theNewSettingsAreKnownNames() {
    Map<String, String> values = jwt();
    values.put(DpopSettings.TOKEN_TYPES, "at+jwt");
    values.put(DpopSettings.TOKEN_ALGORITHMS, "ES512");

    assertThat(refusal(DpopSettings.from(values), token("at+jwt", AUDIENCE))).isNull();
  }

  /** Keeps a test helper honest: a token the settings refuse is not counted as accepted. */
  @Test
  void aTokenOfAnotherIssuerIsRefused() {
    JwtClaims claims = JwtIssuer.claims("https://evil.example", AUDIENCE, "alice", CLIENT.thumbprint());
    assertThat(refusal(parse(jwt()), as.sign(claims, "at+jwt")))
        .isEqualTo(RefusalReason.TOKEN_ISSUER_MISMATCH);
  }
}
