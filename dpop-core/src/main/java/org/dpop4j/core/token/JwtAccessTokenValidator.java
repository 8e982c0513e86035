package org.dpop4j.core.token;

import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.security.PublicKey;
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
import org.dpop4j.core.KeyRules;
import org.dpop4j.core.RefusalReason;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

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

  /** Every asymmetric JWS algorithm of RFC 7518 and RFC 8037: what tokens may be signed with. */
  public static final Set<String> DEFAULT_ALGORITHMS = TokenSettingValues.ASYMMETRIC_ALGORITHMS;

  private final VerificationKeyResolver keyResolver;
  private final String issuer;
  private final Set<String> audiences;
  private final Set<String> algorithms;
  private final Set<String> tokenTypes;
  private final Duration allowedClockSkew;
  private final Clock clock;
  private final TokenSignatures signatures;

  private JwtAccessTokenValidator(Builder builder, VerificationKeyResolver keyResolver) {
    this.keyResolver = allowedKeysOnly(keyResolver);
    this.signatures = new TokenSignatures(this.keyResolver, Set.copyOf(builder.algorithms));
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
    // An absent alg is null, which the immutable set would answer with an exception.
    String algorithm = jose.getAlgorithmHeaderValue();
    if (algorithm == null || !algorithms.contains(algorithm)) {
      throw new DpopException(RefusalReason.TOKEN_ALG_NOT_ALLOWED);
    }
    try {
      consumer(signatures.verified(context, accessToken)).processContext(context);
    } catch (InvalidJwtException e) {
      throw new DpopException(reasonFor(e), e);
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

  /** The most telling cause when jose4j reports several at once, unavailability first. */
  private static RefusalReason reasonFor(InvalidJwtException e) {
    if (causedBy(e, IOException.class)) {
      return RefusalReason.TOKEN_VALIDATION_UNAVAILABLE;
    }
    if (causedBy(e, RefusedKeyException.class)) {
      return RefusalReason.TOKEN_INVALID;
    }
    if (causedBy(e, UnresolvableKeyException.class)) {
      return RefusalReason.TOKEN_UNKNOWN_KEY;
    }
    if (causedBy(e, InvalidAlgorithmException.class)) {
      return RefusalReason.TOKEN_ALG_NOT_ALLOWED;
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
      return RefusalReason.TOKEN_BAD_SIGNATURE;
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return RefusalReason.TOKEN_ISSUER_MISMATCH;
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return RefusalReason.TOKEN_AUDIENCE_MISMATCH;
    }
    if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
      return RefusalReason.TOKEN_EXPIRED;
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)
        || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
      return RefusalReason.TOKEN_NOT_YET_VALID;
    }
    if (e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
      return RefusalReason.TOKEN_MALFORMED;
    }
    return RefusalReason.TOKEN_INVALID;
  }

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
                AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new)))
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

  /**
   * The keys {@code resolver} finds, refusing those {@link KeyRules} does not allow (such as an RSA
   * key with a huge exponent) before a signature is checked with them.
   */
  private static VerificationKeyResolver allowedKeysOnly(VerificationKeyResolver resolver) {
    return (JsonWebSignature jws, List<JsonWebStructure> nestingContext) -> {
      Key key = resolver.resolveKey(jws, nestingContext);
      if (key instanceof PublicKey publicKey && KeyRules.refusalFor(publicKey).isPresent()) {
        throw new RefusedKeyException();
      }
      return key;
    };
  }

  private static String normalizedType(String type) {
    String normalized = type.toLowerCase(Locale.ROOT);
    return normalized.startsWith("application/")
        ? normalized.substring("application/".length())
        : normalized;
  }

  /** A key the JWKS holds but {@link KeyRules} refuses: a bad key, not an unknown one. */
  private static final class RefusedKeyException extends UnresolvableKeyException {
    private static final long serialVersionUID = 1L;

    RefusedKeyException() {
      super("the token's signing key is not allowed");
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Configures a {@link JwtAccessTokenValidator}; issuer, audience and a key source are required. */
  public static final class Builder {
    private URI jwksUri;
    private String jwksJson;
    private String issuer;
    private Set<String> audiences;
    private Set<String> algorithms = DEFAULT_ALGORITHMS;
    private boolean algorithmsSet;
    private Set<String> tokenTypes = Set.of("at+jwt");
    private boolean tokenTypesSet;
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
      this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
      return this;
    }

    /**
     * Accepts a {@link #jwksUri} over plain {@code http} to any host, for test networks whose
     * traffic nobody can tamper with. Default false.
     */
    public Builder allowInsecureJwksUri(boolean allow) {
      this.allowInsecureJwksUri = allow;
      return this;
    }

    /** The authorization server's keys, inline, instead of {@link #jwksUri}. */
    public Builder jwks(String jwksJson) {
      this.jwksJson = Objects.requireNonNull(jwksJson, "jwksJson");
      return this;
    }

    /** The required {@code iss}. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
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
     * asymmetric JWS algorithm. {@code none} and the HMAC algorithms are refused: a resource
     * server holding the authorization server's verification key must not be able to forge
     * tokens with it. Set once.
     */
    public Builder algorithms(Collection<String> algorithms) {
      if (algorithmsSet) {
        throw new IllegalStateException("algorithms is already set");
      }
      this.algorithms = TokenSettingValues.algorithms(algorithms);
      this.algorithmsSet = true;
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
      if (tokenTypesSet) {
        throw new IllegalStateException("tokenTypes is already set");
      }
      Objects.requireNonNull(types, "types");
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
      this.tokenTypes = Set.copyOf(normalized);
      this.tokenTypesSet = true;
      return this;
    }

    /** Tolerance for {@code exp} and {@code nbf}. Default 30 s. */
    public Builder allowedClockSkew(Duration skew) {
      this.allowedClockSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /** How long a fetched JWKS is used before it is fetched again. Default 10 min. */
    public Builder jwksCacheDuration(Duration duration) {
      this.jwksCacheDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * A token with an unknown {@code kid} makes the JWKS be fetched again, but not more often than
     * this, so that tokens with made-up key ids cannot flood the authorization server. Default 10
     * s.
     */
    public Builder minimumRefreshInterval(Duration interval) {
      this.minimumRefreshInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Connect and read timeout for fetching the JWKS. Default 5 s. */
    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public JwtAccessTokenValidator build() {
      if (issuer == null || audiences == null) {
        throw new IllegalStateException("issuer and audience are required");
      }
      if ((jwksUri == null) == (jwksJson == null)) {
        throw new IllegalStateException("exactly one of jwksUri and jwks is required");
      }
      if (jwksUri != null) {
        requireSecureJwksUri();
      }
      return new JwtAccessTokenValidator(this, keyResolver());
    }

    private void requireSecureJwksUri() {
      String scheme = jwksUri.getScheme() == null ? "" : jwksUri.getScheme().toLowerCase(Locale.ROOT);
      if (jwksUri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw new IllegalArgumentException("jwksUri must be an absolute http(s) URL");
      }
      if (scheme.equals("http") && !allowInsecureJwksUri && !LoopbackHost.is(jwksUri.getHost())) {
        throw new IllegalArgumentException(
            "jwksUri must use https outside loopback addresses, or allowInsecureJwksUri(true)"
                + " must be set: whoever can alter the JWKS in transit can sign tokens");
      }
    }

    private VerificationKeyResolver keyResolver() {
      if (jwksJson != null) {
        try {
          return new JwksVerificationKeyResolver(new JsonWebKeySet(jwksJson).getJsonWebKeys());
        } catch (JoseException e) {
          throw new IllegalArgumentException("the inline JWKS is not valid JSON Web Key Set", e);
        }
      }
      HttpsJwks httpsJwks = new HttpsJwks(jwksUri.toString());
      Get get = new Get();
      get.setConnectTimeout((int) httpTimeout.toMillis());
      get.setReadTimeout((int) httpTimeout.toMillis());
      httpsJwks.setSimpleHttpGet(get);
      httpsJwks.setDefaultCacheDuration(jwksCacheDuration.getSeconds());
      httpsJwks.setRefreshReprieveThreshold(minimumRefreshInterval.toMillis());
      return new HttpsJwksVerificationKeyResolver(httpsJwks);
    }
  }
}
