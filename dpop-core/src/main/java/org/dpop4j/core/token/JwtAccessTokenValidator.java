package org.dpop4j.core.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.BuilderOptions;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Validates JWT access tokens (RFC 9068) with jose4j: signature against the authorization server's
 * JWKS (ECDSA and Ed25519 verified with BouncyCastle, as proof keys are), {@code typ}, issuer, audience, expiry and algorithm, each refused with its own {@link
 * RefusalReason} so that the log tells which check failed. A JWKS fetched from a URL is cached and fetched
 * again when a token names an unknown {@code kid}, so key rotation needs no restart.
 *
 * <pre>{@code
 * AccessTokenValidator tokens = JwtAccessTokenValidator.builder()
 *     .jwksUri(URI.create("https://as.example.com/jwks"))
 *     .issuer("https://as.example.com")
 *     .audience("https://api.example.com")
 *     .build();
 * }</pre>
 */
public final class JwtAccessTokenValidator implements AccessTokenValidator {

  /**
   * Every asymmetric JWS algorithm of RFC 7518 and RFC 8037, RS, PS and ES 256/384/512 and EdDSA:
   * what tokens may be signed with, and the default.
   */
  public static final Set<JwsAlgorithm> DEFAULT_ALGORITHMS = TokenSettingValues.TOKEN_ALGORITHMS;

  private final VerificationKeyResolver keyResolver;
  private final String issuer;
  private final Set<String> audiences;
  private final Set<JwsAlgorithm> algorithms;
  private final Set<String> tokenTypes;
  private final Duration allowedClockSkew;
  private final Clock clock;
  private final TokenSignatures signatures;

  private JwtAccessTokenValidator(Builder builder, VerificationKeyResolver keyResolver) {
    this.keyResolver = TokenRefusals.allowedKeysOnly(keyResolver);
    this.signatures = new TokenSignatures(this.keyResolver, builder.algorithms);
    this.issuer = builder.issuer;
    this.audiences = builder.audiences;
    this.algorithms = builder.algorithms;
    this.tokenTypes = builder.tokenTypes;
    this.allowedClockSkew = builder.allowedClockSkew;
    this.clock = builder.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AccessToken validate(String accessToken) throws DpopException {
    JwtContext context = parse(accessToken);
    JsonWebStructure jose = context.getJoseObjects().get(0);
    if (!hasAcceptedType(jose)) {
      throw new DpopException(RefusalReason.TOKEN_TYPE_NOT_ACCEPTED);
    }
    if (JwsAlgorithm.fromJoseName(jose.getAlgorithmHeaderValue())
        .filter(algorithms::contains)
        .isEmpty()) {
      throw new DpopException(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
    }
    try {
      consumer(signatures.verified(context, accessToken)).processContext(context);
    } catch (InvalidJwtException e) {
      throw new DpopException(TokenRefusals.reasonFor(e), e);
    }
    try {
      // jose4j lets through dates such as exp 1e300 or iat -1e300: Claims refuses them.
      JwtClaims claims = context.getJwtClaims();
      return Claims.toAccessToken(claims.getClaimsMap(), claims.getSubject());
    } catch (MalformedClaimException e) {
      throw new DpopException(RefusalReason.TOKEN_INVALID, e);
    }
  }

  /**
   * The first of jose4j's two passes: the header and claims are parsed, nothing is trusted yet, so
   * that {@code typ} and {@code alg} are refused for what they are before any key is looked up.
   */
  private static JwtContext parse(String accessToken) throws DpopException {
    try {
      return UNVERIFIED_PARSER.process(accessToken);
    } catch (InvalidJwtException e) {
      throw new DpopException(RefusalReason.TOKEN_MALFORMED, e);
    }
  }

  private static final JwtConsumer UNVERIFIED_PARSER =
      new JwtConsumerBuilder()
          .setSkipAllValidators()
          .setDisableRequireSignature()
          .setSkipSignatureVerification()
          .build();

  /** Checks everything; the signature too unless {@link TokenSignatures} has verified it. */
  private JwtConsumer consumer(boolean signatureVerified) {
    JwtConsumerBuilder builder = new JwtConsumerBuilder();
    if (signatureVerified) {
      builder.setSkipSignatureVerification();
    }
    return builder
        .setVerificationKeyResolver(keyResolver)
        .setJwsAlgorithmConstraints(
            new AlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                algorithms.stream().map(JwsAlgorithm::joseName).toArray(String[]::new)))
        .setExpectedIssuer(issuer)
        .setExpectedAudience(audiences.toArray(String[]::new))
        .setRequireSubject()
        .setRequireExpirationTime()
        .setAllowedClockSkewInSeconds((int) allowedClockSkew.getSeconds())
        .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
        .build();
  }

  /** Media types compare without case, and RFC 7515 §4.1.9 allows omitting "application/". */
  private boolean hasAcceptedType(JsonWebStructure jose) {
    Object typ = jose.getHeaders().getObjectHeaderValue("typ");
    return typ instanceof String type && tokenTypes.contains(normalizedType(type));
  }

  private static String normalizedType(String type) {
    String normalized = type.toLowerCase(Locale.ROOT);
    return normalized.startsWith("application/")
        ? normalized.substring("application/".length())
        : normalized;
  }

  /** Configures a {@link JwtAccessTokenValidator}; issuer, audience and a key source are required. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private URI jwksUri;
    private String jwksJson;
    private String issuer;
    private Set<String> audiences;
    private Set<JwsAlgorithm> algorithms = DEFAULT_ALGORITHMS;
    private Set<String> tokenTypes = Set.of("at+jwt");
    private Duration allowedClockSkew = Duration.ofSeconds(30);
    private Duration jwksCacheDuration = Duration.ofMinutes(10);
    private Duration httpTimeout = Duration.ofSeconds(5);
    private Duration minimumRefreshInterval = Duration.ofSeconds(10);
    private boolean allowInsecureJwksUri;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Where the authorization server publishes its keys: an {@code https} URL, or {@code http} to
     * a loopback address ({@code localhost}, 127.0.0.0/8, ::1) or with {@link
     * #allowInsecureJwksUri}. Whoever can change the JWKS in transit can sign tokens.
     */
    public Builder jwksUri(URI jwksUri) {
      this.jwksUri = options.set("jwksUri", jwksUri);
      return this;
    }

    /**
     * Accepts a {@link #jwksUri} over plain {@code http} to any host, for test networks whose
     * traffic nobody can tamper with. Default false.
     */
    public Builder allowInsecureJwksUri(boolean allow) {
      this.allowInsecureJwksUri = options.set("allowInsecureJwksUri", allow);
      return this;
    }

    /** The authorization server's keys, inline, instead of {@link #jwksUri}. */
    public Builder jwks(String jwksJson) {
      this.jwksJson = options.set("jwks", jwksJson);
      return this;
    }

    /** The required {@code iss}. */
    public Builder issuer(String issuer) {
      this.issuer = options.set("issuer", issuer);
      return this;
    }

    /** The required {@code aud}: this resource server's identifier. */
    public Builder audience(String audience) {
      return audiences(Set.of(Objects.requireNonNull(audience, "audience")));
    }

    /**
     * The identifiers this resource server answers to: a token passes when its {@code aud} names
     * any one of them. Set once, by this method or {@link #audience}.
     */
    public Builder audiences(Collection<String> audiences) {
      this.audiences = TokenSettingValues.audiences(this.audiences, audiences);
      return this;
    }

    /**
     * Signature algorithms the tokens may use. Default: {@link #DEFAULT_ALGORITHMS}, every
     * asymmetric JWS algorithm; Ed25519 under its RFC 9864 name and ML-DSA are refused. {@code
     * none} and the HMAC algorithms cannot even be named: a resource server holding the
     * authorization server's verification key must not be able to forge tokens with it. Set once.
     */
    public Builder algorithms(Collection<JwsAlgorithm> algorithms) {
      Set<JwsAlgorithm> checked = TokenSettingValues.algorithms(algorithms);
      this.algorithms = options.set("algorithms", checked);
      return this;
    }

    /**
     * The accepted {@code typ} header values. Default {@code at+jwt} (RFC 9068 §4), which keeps
     * other JWTs signed by the same key, such as ID tokens, from passing as access tokens (the
     * cross-JWT confusion of RFC 8725 §3.11). Widen it, say with {@code jwt}, only for
     * authorization servers that do not follow RFC 9068, and only with an audience only access
     * tokens carry. Compared without case and without an {@code application/} prefix. Set once.
     */
    public Builder tokenTypes(Collection<String> types) {
      Objects.requireNonNull(types, "tokenTypes");
      if (types.isEmpty()) {
        throw new IllegalArgumentException("at least one token type is required");
      }
      Set<String> normalized = new LinkedHashSet<>();
      for (String type : types) {
        Objects.requireNonNull(type, "token type");
        if (type.isBlank() || type.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("a token type must be one word: '" + type + "'");
        }
        normalized.add(normalizedType(type));
      }
      this.tokenTypes = Set.copyOf(options.set("tokenTypes", normalized));
      return this;
    }

    /** Tolerance for {@code exp} and {@code nbf}. Default 30 s, at most 5 min. */
    public Builder allowedClockSkew(Duration skew) {
      this.allowedClockSkew =
          options.setWithin("allowedClockSkew", skew, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    /**
     * How long a fetched JWKS is used before it is fetched again. Default 10 min; 1 s to 1 day.
     * With {@link #jwksUri} only.
     */
    public Builder jwksCacheDuration(Duration duration) {
      this.jwksCacheDuration =
          options.setWithin(
              "jwksCacheDuration",
              duration,
              Duration.ofSeconds(1),
              Duration.ofDays(1));
      return this;
    }

    /**
     * A token with an unknown {@code kid} makes the JWKS be fetched again, but not more often than
     * this, so that tokens with made-up key ids cannot flood the authorization server. Default 10
     * s, at most 1 h. With {@link #jwksUri} only.
     */
    public Builder minimumRefreshInterval(Duration interval) {
      this.minimumRefreshInterval =
          options.setWithin("minimumRefreshInterval", interval, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Connect and read timeout for fetching the JWKS. Default 5 s; 1 ms to 5 min. With {@link
     * #jwksUri} only.
     */
    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout =
          options.setWithin("httpTimeout", timeout, Duration.ofMillis(1), Duration.ofMinutes(5));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * @throws IllegalStateException without issuer, audience and exactly one of {@link #jwksUri}
     *     and {@link #jwks}, or with an option of {@link #jwksUri} but inline keys
     * @throws IllegalArgumentException when the {@link #jwksUri} is not an absolute http(s) URL,
     *     or uses plain http outside loopback without {@link #allowInsecureJwksUri}
     */
    public JwtAccessTokenValidator build() {
      if (issuer == null || audiences == null) {
        throw new IllegalStateException("issuer and audience are required");
      }
      if ((jwksUri == null) == (jwksJson == null)) {
        throw new IllegalStateException("exactly one of jwksUri and jwks is required");
      }
      if (jwksUri == null) {
        for (String option :
            List.of(
                "allowInsecureJwksUri",
                "jwksCacheDuration",
                "minimumRefreshInterval",
                "httpTimeout")) {
          if (options.isSet(option)) {
            throw new IllegalStateException(option + " applies with jwksUri, not inline jwks");
          }
        }
      }
      VerificationKeyResolver keyResolver =
          jwksUri != null
              ? JwksResolvers.fetched(
                  jwksUri,
                  allowInsecureJwksUri,
                  httpTimeout,
                  jwksCacheDuration,
                  minimumRefreshInterval)
              : JwksResolvers.inline(jwksJson);
      return new JwtAccessTokenValidator(this, keyResolver);
    }
  }
}
