package org.dpop4j.jca;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.BuilderOptions;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Issues DPoP-bound JWT access tokens (RFC 9068 shape, {@code cnf.jkt} of RFC 9449 §6) for an
 * authorization server, signed with any JCA key: typically one that never leaves an HSM. Publishes
 * the matching JWKS for resource servers. Immutable and thread-safe.
 *
 * <pre>{@code
 * AccessTokenSigner signer = AccessTokenSigner.builder(JwsAlgorithm.ES256, hsmKey, publicKey)
 *     .provider(token.provider())
 *     .issuer("https://as.example.com")
 *     .audience("https://api.example.com")
 *     .build();
 * String accessToken = signer.sign("client-42", Set.of("orders.read"), proof.thumbprint());
 * String jwks = signer.jwksJson();
 * }</pre>
 */
public final class AccessTokenSigner {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  private static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
  private static final Duration MAX_LIFETIME = Duration.ofDays(1);

  private final JcaSigningKey key;
  private final String keyId;
  private final String issuer;
  private final String audience;
  private final Duration tokenLifetime;
  private final Clock clock;
  private final String jwksJson;

  private AccessTokenSigner(Builder builder) {
    this.issuer = required(builder.issuer, "issuer");
    this.audience = required(builder.audience, "audience");
    this.key =
        new JcaSigningKey(
            builder.algorithm,
            builder.privateKey,
            builder.publicKey,
            Optional.ofNullable(builder.provider));
    this.keyId = builder.keyId != null ? builder.keyId : key.thumbprint();
    this.tokenLifetime = Objects.requireNonNullElse(builder.tokenLifetime, DEFAULT_LIFETIME);
    this.clock = Objects.requireNonNullElseGet(builder.clock, Clock::systemUTC);
    this.jwksJson = publicJwks();
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " is required");
    }
    return value;
  }

  /**
   * @param algorithm the tokens' {@code alg}, not ML-DSA; the public key must suit it
   * @param privateKey signs the tokens; may be a non-extractable HSM key
   * @param publicKey published in the JWKS
   */
  public static Builder builder(
      JwsAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
    return new Builder(algorithm, privateKey, publicKey);
  }

  /**
   * A signed access token, valid for the configured lifetime from now.
   *
   * @param subject the {@code sub}: the resource owner, or the client for client credentials
   * @param scopes joined into the space-separated {@code scope} claim
   * @param boundThumbprint the verified proof's JWK thumbprint, for {@code cnf.jkt}
   */
  public String sign(String subject, Set<String> scopes, String boundThumbprint) {
    long now = clock.instant().getEpochSecond();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(Objects.requireNonNull(subject, "subject"));
    claims.setJwtId(Base64Url.encode(randomBytes()));
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + tokenLifetime.getSeconds()));
    if (!Objects.requireNonNull(scopes, "scopes").isEmpty()) {
      claims.setStringClaim("scope", String.join(" ", new TreeSet<>(scopes)));
    }
    claims.setClaim("cnf", Map.of("jkt", Objects.requireNonNull(boundThumbprint, "jkt")));

    JsonWebSignature jws = key.newSignature();
    jws.setHeader("typ", "at+jwt");
    jws.setKeyIdHeaderValue(keyId);
    jws.setPayload(claims.toJson());
    return key.sign(jws);
  }

  /** How long each token is valid: the {@code expires_in} of a token response. */
  public Duration tokenLifetime() {
    return tokenLifetime;
  }

  /** The {@code kid} of the signing key. */
  public String keyId() {
    return keyId;
  }

  /** The JWKS document ({@code {"keys":[...]}}) with the public key, for the jwks_uri. */
  public String jwksJson() {
    return jwksJson;
  }

  private String publicJwks() {
    try {
      PublicJsonWebKey jwk =
          PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
      jwk.setKeyId(keyId);
      jwk.setAlgorithm(key.algorithm().joseName());
      jwk.setUse(Use.SIGNATURE);
      return new JsonWebKeySet(jwk).toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException("the public key cannot be written as a JWK", e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "AccessTokenSigner{iss=" + issuer + ", kid=" + keyId + ", alg="
        + key.algorithm().joseName() + "}";
  }

  /** Configures an {@link AccessTokenSigner}; issuer and audience are required. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final JwsAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private Provider provider;
    private String keyId;
    private String issuer;
    private String audience;
    private Duration tokenLifetime;
    private Clock clock;

    private Builder(JwsAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      if (algorithm.keyType().equals("AKP")) {
        // JwtAccessTokenValidator verifies tokens through jose4j, which knows no ML-DSA.
        throw new IllegalArgumentException(
            algorithm.joseName() + " signs DPoP proofs only; access tokens need a JOSE algorithm"
                + " that jose4j verifies");
      }
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * The provider that holds the private key; it must be registered with {@code Security}.
     *
     * @throws IllegalStateException if the provider is already set
     */
    public Builder provider(Provider provider) {
      this.provider = options.set("provider", provider);
      return this;
    }

    /**
     * The {@code kid}. Default: the public key's RFC 7638 thumbprint.
     *
     * @throws IllegalArgumentException if {@code keyId} is empty
     * @throws IllegalStateException if the key ID is already set
     */
    public Builder keyId(String keyId) {
      this.keyId = options.set("keyId", notEmpty(keyId, "keyId"));
      return this;
    }

    /**
     * The {@code iss}: this authorization server's issuer identifier. Required.
     *
     * @throws IllegalArgumentException if {@code issuer} is empty
     * @throws IllegalStateException if the issuer is already set
     */
    public Builder issuer(String issuer) {
      this.issuer = options.set("issuer", notEmpty(issuer, "issuer"));
      return this;
    }

    /**
     * The {@code aud}: the resource server the tokens are for. Required.
     *
     * @throws IllegalArgumentException if {@code audience} is empty
     * @throws IllegalStateException if the audience is already set
     */
    public Builder audience(String audience) {
      this.audience = options.set("audience", notEmpty(audience, "audience"));
      return this;
    }

    /**
     * How long tokens are valid. From 1 s to 1 day: a stolen DPoP-bound token is still a bearer
     * of its key's rights for that long, and a token meant to outlive a day wants a refresh
     * token instead. Default 5 min.
     *
     * @throws IllegalArgumentException if {@code lifetime} is shorter than one second or longer
     *     than one day
     * @throws IllegalStateException if the lifetime is already set
     */
    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime =
          options.setWithin("tokenLifetime", lifetime, MIN_LIFETIME, MAX_LIFETIME);
      return this;
    }

    /**
     * The clock for {@code iat} and {@code exp}. Default: the system clock.
     *
     * @throws IllegalStateException if the clock is already set
     */
    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    private static String notEmpty(String value, String name) {
      if (Objects.requireNonNull(value, name).isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      return value;
    }

    /**
     * @throws IllegalStateException if the issuer or the audience is not set
     * @throws IllegalArgumentException if the key does not suit the algorithm, or the private key
     *     does not belong to the public key
     */
    public AccessTokenSigner build() {
      return new AccessTokenSigner(this);
    }
  }
}
