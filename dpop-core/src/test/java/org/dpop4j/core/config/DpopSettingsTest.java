package org.dpop4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpopSettingsTest {

  static final TestTokens TOKENS = TestTokens.generate();
  private static final String NONCE_KEY =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  /** JWT access-token settings for {@link #TOKENS}, the least a resource server needs. */
  static Map<String, String> resourceServer() {
    Map<String, String> settings = new HashMap<>();
    settings.put(DpopSettings.JWKS, TOKENS.jwksJson());
    settings.put(DpopSettings.ISSUER, TestTokens.ISSUER);
    settings.put(DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
    return settings;
  }

  private static DpopSettings parse(Map<String, String> settings) {
    return DpopSettings.reader()
        .environment(Map.of("DPOP_NONCE_KEY", NONCE_KEY, "SHORT", "c2hvcnQ=")::get)
        .read(settings);
  }

  private static ResourceServerProtection resourceServerOf(DpopSettings settings) {
    return (ResourceServerProtection) settings.protection();
  }

  @Test
  void aResourceServerNeedsOnlyItsTokenSettings() {
    DpopSettings settings = parse(resourceServer());

    assertThat(settings.protection()).isInstanceOf(ResourceServerProtection.class);
    assertThat(settings.protection().verifier().allowedAlgorithms())
        .isEqualTo(JwsAlgorithm.allowedByDefault())
        .doesNotContain(JwsAlgorithm.ML_DSA_44, JwsAlgorithm.ML_DSA_65, JwsAlgorithm.ML_DSA_87);
    assertThat(settings.protection().verifier().requiresNonce()).isFalse();
    assertThat(settings.protection().targetUriResolver().trustsProxies()).isFalse();
    assertThat(resourceServerOf(settings).roleMapping().claimName()).isEqualTo("scope");
  }

  @Test
  void aTokenEndpointNeedsNoSettingAtAll() {
    DpopSettings settings = DpopSettings.from(Map.of(DpopSettings.MODE, "token-endpoint"));

    assertThat(settings.protection()).isInstanceOf(TokenEndpointProtection.class);
    assertThat(settings.toString()).contains("codeBinding=none");
  }

  @Test
  void anAuthorizationCodeBindingIsLoadedByItsClassName() {
    DpopSettings settings =
        DpopSettings.from(
            Map.of(
                DpopSettings.MODE, "token-endpoint",
                DpopSettings.AUTHORIZATION_CODE_BINDING, UnboundCodes.class.getName()));

    assertThat(settings.toString()).contains("codeBinding=" + UnboundCodes.class.getName());
  }

  @Test
  void theStartupSummaryTellsWhetherTokenRequestsHaveTheirCodesChecked() {
    DpopSettings bound =
        DpopSettings.from(
            Map.of(
                DpopSettings.MODE, "token-endpoint",
                DpopSettings.AUTHORIZATION_CODE_BINDING, UnboundCodes.class.getName()));
    DpopSettings unbound = DpopSettings.from(Map.of(DpopSettings.MODE, "token-endpoint"));

    assertThat(bound.toString()).contains("codeBinding=" + UnboundCodes.class.getName());
    assertThat(unbound.toString()).contains("codeBinding=none");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "org.example.Missing|dpop.authorization-code-binding: no class named 'org.example.Missing'",
        "java.lang.String|java.lang.String is not a org.dpop4j.core.AuthorizationCodeBinding",
      })
  void aBadAuthorizationCodeBindingIsRejected(String className, String message) {
    Map<String, String> values =
        Map.of(DpopSettings.MODE, "token-endpoint", DpopSettings.AUTHORIZATION_CODE_BINDING, className);

    assertThatThrownBy(() -> DpopSettings.from(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void everySettingIsApplied(@TempDir Path dir) throws IOException {
    Path keyFile = Files.writeString(dir.resolve("nonce.key"), NONCE_KEY + "\n");
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.ALGORITHMS, "ES256, EdDSA");
    values.put(DpopSettings.MAX_AGE_SECONDS, "30");
    values.put(DpopSettings.CLOCK_SKEW_SECONDS, "5");
    values.put(DpopSettings.NONCE, "TRUE");
    values.put(DpopSettings.NONCE_SECRET, "file:" + keyFile);
    values.put(DpopSettings.NONCE_ROTATION_SECONDS, "60");
    values.put(DpopSettings.REPLAY_CACHE, "memory");
    values.put(DpopSettings.REPLAY_CACHE_SIZE, "10");
    values.put(DpopSettings.TRUSTED_PROXIES, "10.0.0.0/8 ::1");
    values.put(DpopSettings.TRUSTED_PROXY_HEADER, "X-Forwarded");
    values.put(DpopSettings.PUBLIC_BASE_URI, " https://api.example.test/eu  http://api.internal:8080 ");
    values.put(DpopSettings.ROLES_CLAIM, "roles");

    DpopSettings settings = parse(values);

    assertThat(settings.protection().verifier().allowedAlgorithms())
        .containsExactlyInAnyOrder(JwsAlgorithm.ES256, JwsAlgorithm.EDDSA);
    assertThat(settings.protection().verifier().requiresNonce()).isTrue();
    assertThat(settings.protection().targetUriResolver().isTrustedProxy("10.1.1.1")).isTrue();
    assertThat(settings.protection().targetUriResolver().isTrustedProxy("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(settings.protection().targetUriResolver().hasPublicBaseUris()).isTrue();
    assertThat(settings.protection().targetUriResolver())
        .hasToString(
            "TargetUriResolver{proxies=2, header=x-forwarded,"
                + " publicBaseUris=[https://api.example.test/eu, http://api.internal:8080]}");
    assertThat(resourceServerOf(settings).roleMapping().claimName()).isEqualTo("roles");
    assertThat(resourceServerOf(settings).challenge().headers().get("WWW-Authenticate")).contains("algs=\"ES256 EdDSA\"");
  }

  @Test
  void mlDsaIsEnabledByNameAndAnnouncedInTheChallenge() {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.ALGORITHMS, "ES256 ML-DSA-44");

    DpopSettings settings = parse(values);

    assertThat(settings.protection().verifier().allowedAlgorithms())
        .containsExactlyInAnyOrder(JwsAlgorithm.ES256, JwsAlgorithm.ML_DSA_44);
    assertThat(resourceServerOf(settings).challenge().headers().get("WWW-Authenticate"))
        .contains("algs=\"ES256 ML-DSA-44\"");
  }

  @Test
  void aNonceSecretFromTheEnvironmentTurnsNoncesOn() {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.NONCE, "true");
    values.put(DpopSettings.NONCE_SECRET, "env:DPOP_NONCE_KEY");

    assertThat(parse(values).protection().verifier().requiresNonce()).isTrue();
  }

  @Test
  void aReplayCacheFactoryIsFoundByItsServiceLoaderName() {
    Map<String, String> values = Map.of(DpopSettings.MODE, "token-endpoint", DpopSettings.REPLAY_CACHE, "unreachable");

    assertThat(refusalOfAValidTokenRequest(DpopSettings.from(values)))
        .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
  }

  /** An undeployed application must not leave its cluster connection behind. */
  @Test
  void closingTheSettingsClosesTheReplayCacheTheyCreated() {
    int open = UnavailableReplayCacheFactory.OPEN_CACHES.get();
    DpopSettings settings =
        DpopSettings.from(
            Map.of(DpopSettings.MODE, "token-endpoint", DpopSettings.REPLAY_CACHE, "unreachable"));
    assertThat(UnavailableReplayCacheFactory.OPEN_CACHES).hasValue(open + 1);

    settings.close();

    assertThat(UnavailableReplayCacheFactory.OPEN_CACHES).hasValue(open);
  }

  @Test
  void aReplayCacheIsClosedAgainWhenALaterSettingIsInvalid() {
    int open = UnavailableReplayCacheFactory.OPEN_CACHES.get();
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.REPLAY_CACHE, "unreachable");
    values.remove(DpopSettings.ISSUER);

    assertThatThrownBy(() -> parse(values)).isInstanceOf(IllegalArgumentException.class);
    assertThat(UnavailableReplayCacheFactory.OPEN_CACHES).hasValue(open);
  }

  @Test
  void aReplayCacheFactoryIsFoundByItsClassName() {
    Map<String, String> values =
        Map.of(
            DpopSettings.MODE, "token-endpoint",
            DpopSettings.REPLAY_CACHE, UnavailableReplayCacheFactory.class.getName(),
            "dpop.replay-cache.unreachable.reason", "its own setting is accepted");

    assertThat(refusalOfAValidTokenRequest(DpopSettings.from(values)))
        .isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
  }

  private static RefusalReason refusalOfAValidTokenRequest(DpopSettings settings) {
    TestKey key = TestKey.generate("ES256");
    String proof = key.proof("POST", "https://as.example.test/token").sign();
    try {
      settings.protection().verifier().verify(
          DpopRequest.toTokenEndpoint(
              "POST", URI.create("https://as.example.test/token"), List.of(proof)));
      throw new AssertionError("the proof was accepted");
    } catch (DpopException e) {
      return e.reason();
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dpop.mode|proxy|dpop.mode must be resource-server or token-endpoint",
        "dpop.proof.algorithms|ES256 HS256|'HS256' is not an asymmetric JWS algorithm",
        "dpop.proof.algorithms|none|'none' is not an asymmetric JWS algorithm",
        "dpop.proof.max-age-seconds|sixty|dpop.proof.max-age-seconds must be a whole number",
        "dpop.proof.max-age-seconds|0|dpop.proof.max-age-seconds must be a whole number within 1..3590",
        "dpop.proof.clock-skew-seconds|3600|dpop.proof.clock-skew-seconds must be a whole number",
        "dpop.nonce|yes|dpop.nonce must be true or false",
        "dpop.nonce|true|dpop.nonce.secret is required when dpop.nonce is true",
        "dpop.nonce.secret|env:DPOP_NONCE_KEY|dpop.nonce.secret is set but dpop.nonce is not true",
        "dpop.replay-cache|redis|no replay cache factory named 'redis'",
        "dpop.replay-cache|java.lang.String|java.lang.String is not a org.dpop4j.core.config.ReplayCacheFactory",
        "dpop.replay-cache.size|-1|dpop.replay-cache.size must be a whole number",
        "dpop.trusted-proxies|10.0.0.0/8|dpop.trusted-proxy-header is required with dpop.trusted-proxies",
        "dpop.trusted-proxy-header|forwarded|dpop.trusted-proxy-header is set but dpop.trusted-proxies is not",
        "dpop.public-base-uri|https://user:pw@api.example.test|dpop.public-base-uri: public base URI 'https://user:pw@api.example.test' has userinfo",
        "dpop.public-base-uri|https://api.example.test/?a=b|dpop.public-base-uri: public base URI 'https://api.example.test/?a=b' has a query or fragment",
        "dpop.public-base-uri|https://api.example.test/#x|has a query or fragment",
        "dpop.public-base-uri|/api|dpop.public-base-uri: public base URI '/api' is not an absolute http(s) URI",
        "dpop.public-base-uri|ws://api.example.test|is not an absolute http(s) URI",
        "dpop.public-base-uri|https://api.example.test/a b|dpop.public-base-uri: public base URI 'b' is not an absolute http(s) URI",
        "dpop.public-base-uri|https://api.example.test/%zz|dpop.public-base-uri: 'https://api.example.test/%zz' is not a URI",
        "dpop.public-base-uri|https://a.example.test/x https://a.example.test:443/y|dpop.public-base-uri: public base URIs 'https://a.example.test/x' and 'https://a.example.test/y' share scheme, host and port",
        "dpop.token.jwks-uri|not a url|exactly one of dpop.token.jwks-uri, dpop.token.jwks and dpop.token.introspection-uri",
        "dpop.token.jwks|{|dpop.token.jwks: the inline JWKS is not valid",
        "dpop.token.issuer||dpop.token.issuer is required for JWT access tokens",
        "dpop.token.introspection-uri|https://as.example.test/introspect|exactly one of",
        "dpop.token.cache-size|0|dpop.token.cache-size must be a whole number",
        "dpop.token.cache-size|many|dpop.token.cache-size must be a whole number",
        "dpop.token.cache-max-seconds|86401|dpop.token.cache-max-seconds must be a whole number",
        "dpop.token.cache-max-seconds|-5|dpop.token.cache-max-seconds must be a whole number",
        "dpop.authorization-code-binding|org.dpop4j.core.config.UnboundCodes|dpop.authorization-code-binding applies to dpop.mode=token-endpoint only",
      })
  void aBadValueIsRejectedNamingTheSetting(String name, String value, String message) {
    Map<String, String> values = resourceServer();
    values.put(name, value);

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void byDefaultNoProxyIsTrustedAndNoPublicBaseUriIsSet() {
    DpopSettings settings = parse(resourceServer());

    assertThat(settings.protection().targetUriResolver().trustsProxies()).isFalse();
    assertThat(settings.protection().targetUriResolver().hasPublicBaseUris()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "proxy.example.com|forwarded|dpop.trusted-proxies: not an IP address or CIDR range: proxy.example.com",
        "10.0.0.0/8|both|dpop.trusted-proxy-header must be forwarded or x-forwarded, not 'both'",
        "10.0.0.0/8|x-forwarded-for|dpop.trusted-proxy-header must be forwarded or x-forwarded",
      })
  void aBadTrustedProxySettingIsRejectedNamingIt(String proxies, String header, String message) {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.TRUSTED_PROXIES, proxies);
    values.put(DpopSettings.TRUSTED_PROXY_HEADER, header);

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aMisspeltSettingNameIsReported() {
    Map<String, String> values = resourceServer();
    values.put("dpop.nonse", "true");

    assertThatThrownBy(() -> DpopSettings.from(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.nonse is not a dpop4j setting");
  }

  @Test
  void tokenSettingsAtATokenEndpointAreAMistake() {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.MODE, "token-endpoint");

    assertThatThrownBy(() -> parse(values))
        .hasMessageContaining("applies to dpop.mode=resource-server only");
  }

  @Test
  void introspectionNeedsClientCredentialsFromASecretReference() {
    Map<String, String> values = new HashMap<>();
    values.put(DpopSettings.INTROSPECTION_URI, "https://as.example.test/introspect");
    assertThatThrownBy(() -> parse(values))
        .hasMessageContaining("dpop.token.introspection-client-id is required");

    values.put(DpopSettings.INTROSPECTION_CLIENT_ID, "api");
    values.put(DpopSettings.INTROSPECTION_CLIENT_SECRET, "s3cr3t-in-web-xml");
    assertThatThrownBy(() -> parse(values))
        .hasMessageContaining("must be env:VARIABLE or file:/path")
        .hasMessageNotContaining("s3cr3t");

    values.put(DpopSettings.INTROSPECTION_CLIENT_SECRET, "env:DPOP_NONCE_KEY");
    assertThat(parse(values).protection()).isInstanceOf(ResourceServerProtection.class);
  }

  @Test
  void secretsNeverAppearInMessages(@TempDir Path dir) throws IOException {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.NONCE, "true");

    values.put(DpopSettings.NONCE_SECRET, "env:SHORT");
    assertThatThrownBy(() -> parse(values))
        .hasMessageContaining("must decode to at least 32 bytes")
        .hasMessageNotContaining("c2hvcnQ");

    Path notBase64 = Files.writeString(dir.resolve("key"), "not base64 at all!!");
    values.put(DpopSettings.NONCE_SECRET, "file:" + notBase64);
    assertThatThrownBy(() -> parse(values))
        .hasMessageContaining("dpop.nonce.secret: the secret is not base64")
        .hasMessageNotContaining("at all");

    values.put(DpopSettings.NONCE_SECRET, "env:UNSET");
    assertThatThrownBy(() -> parse(values)).hasMessageContaining("environment variable 'UNSET' is not set");

    values.put(DpopSettings.NONCE_SECRET, "file:" + dir.resolve("missing"));
    assertThatThrownBy(() -> parse(values)).hasMessageContaining("cannot read the file");
  }

  @Test
  void plainHttpJwksUriIsRefusedOutsideLoopbackUnlessExplicitlyAllowed() {
    Map<String, String> values = resourceServer();
    values.remove(DpopSettings.JWKS);
    values.put(DpopSettings.JWKS_URI, "http://as.example.test/jwks");

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.token.jwks-uri: jwksUri must use https");

    values.put(DpopSettings.ALLOW_INSECURE_JWKS_URI, "true");
    assertThat(parse(values).protection()).isInstanceOf(ResourceServerProtection.class);

    values.put(DpopSettings.JWKS_URI, "http://127.0.0.1:8080/jwks");
    values.remove(DpopSettings.ALLOW_INSECURE_JWKS_URI);
    assertThat(parse(values).protection()).as("loopback").isInstanceOf(ResourceServerProtection.class);
  }

  @Test
  void allowingAnInsecureJwksUriWithoutOneIsAMistake() {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.ALLOW_INSECURE_JWKS_URI, "true");

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.token.allow-insecure-jwks-uri applies with dpop.token.jwks-uri");
  }

  /** Each introspection call carries the client secret, and its answer decides the token. */
  @Test
  void plainHttpIntrospectionUriIsRefusedOutsideLoopbackUnlessExplicitlyAllowed() {
    Map<String, String> values = resourceServer();
    values.remove(DpopSettings.JWKS);
    values.remove(DpopSettings.ISSUER);
    values.remove(DpopSettings.AUDIENCE);
    values.put(DpopSettings.INTROSPECTION_URI, "http://as.example.test/introspect");
    values.put(DpopSettings.INTROSPECTION_CLIENT_ID, "api");
    values.put(DpopSettings.INTROSPECTION_CLIENT_SECRET, "env:DPOP_NONCE_KEY");

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.token.introspection-uri: the introspection endpoint must use https");

    values.put(DpopSettings.ALLOW_INSECURE_INTROSPECTION_URI, "true");
    assertThat(parse(values).protection()).isInstanceOf(ResourceServerProtection.class);

    values.put(DpopSettings.INTROSPECTION_URI, "http://localhost:8080/introspect");
    values.remove(DpopSettings.ALLOW_INSECURE_INTROSPECTION_URI);
    assertThat(parse(values).protection()).as("loopback").isInstanceOf(ResourceServerProtection.class);
  }

  @Test
  void allowingAnInsecureIntrospectionUriWithoutOneIsAMistake() {
    Map<String, String> values = resourceServer();
    values.put(DpopSettings.ALLOW_INSECURE_INTROSPECTION_URI, "true");

    assertThatThrownBy(() -> parse(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "dpop.token.allow-insecure-introspection-uri applies with dpop.token.introspection-uri");
  }
}
