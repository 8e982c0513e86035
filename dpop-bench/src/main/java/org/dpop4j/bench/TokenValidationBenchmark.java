package org.dpop4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.core.token.ValidatedTokenCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JWT access token validator alone, one token per operation:
 *
 * <ul>
 *   <li>{@code coldKey}: a validator built from the JWKS for every token, so the key is parsed
 *       and used for the first time, as after a start or a key rotation;
 *   <li>{@code warmKey}: one validator, a different token each time (a pool of {@value #TOKENS}),
 *       no token cache: the signature check and claim checks of every new token;
 *   <li>{@code cachedToken}: the same token again through a {@link ValidatedTokenCache}, as a
 *       client sends it request after request: a SHA-256, a lookup and the expiry check.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class TokenValidationBenchmark {

  static final int TOKENS = 1024;

  @Param({"ES256", "RS256"})
  public String algorithm;

  String jwks;
  final List<String> tokens = new ArrayList<>(TOKENS);
  private JwtAccessTokenValidator validator;
  private AccessTokenValidator cachingValidator;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchTokens authorizationServer = BenchTokens.generate(algorithm);
    jwks = authorizationServer.jwksJson();
    for (int i = 0; i < TOKENS; i++) {
      tokens.add(authorizationServer.boundToken("client-thumbprint"));
    }
    validator = validator();
    cachingValidator = ValidatedTokenCache.builder().build().cachingValidator(validator);
  }

  private JwtAccessTokenValidator validator() {
    return JwtAccessTokenValidator.builder()
        .jwks(jwks)
        .issuer(TestTokens.ISSUER)
        .audience(TestTokens.AUDIENCE)
        .build();
  }

  private String nextToken() {
    String token = tokens.get(next);
    next = (next + 1) % tokens.size();
    return token;
  }

  @Benchmark
  public AccessToken coldKey() throws DpopException {
    return validator().validate(nextToken());
  }

  @Benchmark
  public AccessToken warmKey() throws DpopException {
    return validator.validate(nextToken());
  }

  @Benchmark
  public AccessToken cachedToken() throws DpopException {
    return cachingValidator.validate(tokens.get(0));
  }
}
