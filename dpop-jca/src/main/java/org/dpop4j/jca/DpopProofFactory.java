package org.dpop4j.jca;

import java.net.URI;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.BuilderOptions;
import org.dpop4j.core.internal.Digests;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * Signs DPoP proofs (RFC 9449 §4.2) with any JCA private key: a software key, or a key that never
 * leaves a PKCS#11 token, in which case the token's provider does the private-key operation.
 * Post-quantum ML-DSA keys (BouncyCastle's, say) sign {@code ML-DSA-44/65/87} proofs with an
 * {@code AKP} JWK (RFC 9964). Immutable and thread-safe; build one per client key.
 *
 * <pre>{@code
 * DpopProofFactory proofs = DpopProofFactory.builder(JwsAlgorithm.ES256, privateKey, publicKey)
 *     .provider(token.provider())   // only for keys in an HSM
 *     .build();
 * String proof = proofs.proof("GET", URI.create("https://api.example.com/orders"));
 * String withToken = proofs.proof("GET", uri, ProofClaims.accessToken(token).withNonce(nonce));
 * }</pre>
 */
public final class DpopProofFactory {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int JTI_BYTES = 16;

  private final JcaSigningKey key;
  private final String thumbprint;
  private final Clock clock;

  private DpopProofFactory(Builder builder) {
    this(
        new JcaSigningKey(
            builder.algorithm,
            builder.privateKey,
            builder.publicKey,
            Optional.ofNullable(builder.provider)),
        Objects.requireNonNullElseGet(builder.clock, Clock::systemUTC));
  }

  private DpopProofFactory(JcaSigningKey key, Clock clock) {
    this.key = key;
    this.thumbprint = key.thumbprint();
    this.clock = clock;
  }

  /**
   * The first of {@code advertised} (a server's {@code dpop_signing_alg_values_supported}) that
   * names this factory's signature: itself when the server lists its {@code alg} or lists
   * nothing, and for an Ed25519 key the factory under the other name, {@code EdDSA} (RFC 8037) or
   * {@code Ed25519} (RFC 9864), when the server knows only that one. Same key, same thumbprint.
   */
  public DpopProofFactory forAdvertisedAlgorithms(Collection<String> advertised) {
    Objects.requireNonNull(advertised, "advertised");
    JwsAlgorithm own = key.algorithm();
    if (advertised.isEmpty() || advertised.contains(own.joseName())) {
      return this;
    }
    JwsAlgorithm sameSignature =
        own == JwsAlgorithm.ED25519 ? JwsAlgorithm.EDDSA
            : own == JwsAlgorithm.EDDSA ? JwsAlgorithm.ED25519 : own;
    return sameSignature != own && advertised.contains(sameSignature.joseName())
        ? new DpopProofFactory(key.withAlgorithm(sameSignature), clock)
        : this;
  }

  /**
   * @param algorithm the proofs' {@code alg}; the public key must suit it
   * @param privateKey signs the proofs; may be a non-extractable HSM key
   * @param publicKey goes into each proof's {@code jwk} header
   */
  public static Builder builder(
      JwsAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
    return new Builder(algorithm, privateKey, publicKey);
  }

  /** A proof for a request without an access token or server nonce. */
  public String proof(String method, URI target) {
    return proof(method, target, ProofClaims.none());
  }

  /**
   * A proof for one request.
   *
   * @param method the HTTP method, as sent
   * @param target the request URI; query and fragment are left out of {@code htu}
   * @param extra the access token sent with the request (its hash becomes {@code ath}) and the
   *     server's latest {@code DPoP-Nonce} for this origin, each when there is one
   */
  public String proof(String method, URI target, ProofClaims extra) {
    Objects.requireNonNull(extra, "extra");
    JwtClaims claims = new JwtClaims();
    claims.setJwtId(Base64Url.encode(randomBytes()));
    claims.setStringClaim("htm", Objects.requireNonNull(method, "method"));
    claims.setStringClaim("htu", htu(target));
    claims.setClaim("iat", clock.instant().getEpochSecond());
    extra.accessToken().ifPresent(token -> claims.setStringClaim("ath", Digests.ath(token)));
    extra.nonce().ifPresent(value -> claims.setStringClaim("nonce", value));

    JsonWebSignature jws = key.newSignature();
    jws.setHeader("typ", "dpop+jwt");
    jws.setHeader("jwk", key.publicJwk());
    jws.setPayload(claims.toJson());
    return key.sign(jws);
  }

  public JwsAlgorithm algorithm() {
    return key.algorithm();
  }

  /** The RFC 7638 SHA-256 thumbprint of the public key: the {@code jkt} tokens get bound to. */
  public String thumbprint() {
    return thumbprint;
  }

  /** The public key as a JWK JSON object. */
  public String publicJwkJson() {
    return key.publicJwkJson();
  }

  @Override
  public String toString() {
    return "DpopProofFactory{alg=" + key.algorithm().joseName() + ", jkt=" + thumbprint + "}";
  }

  /**
   * The HTTP URI without query and fragment (RFC 9449 §4.2). A target with userinfo is refused
   * rather than stripped: RFC 9110 §4.2.4 forbids sending it, the server never sees it and so
   * could not match it, and a password in a request URI is a mistake the caller must hear of. The
   * message does not repeat the URI, which would carry the password into logs.
   */
  static String htu(URI target) {
    String scheme = Objects.requireNonNull(target, "target").getScheme();
    if (scheme == null || target.getRawAuthority() == null) {
      throw new IllegalArgumentException("the target must be an absolute http(s) URI");
    }
    // An authority java.net.URI cannot parse as host and port (a host with an underscore) stays
    // registry-based and reports no userinfo, though its raw text holds it before an '@'.
    if (target.getRawUserInfo() != null || target.getRawAuthority().indexOf('@') >= 0) {
      throw new IllegalArgumentException(
          "the target URI must not contain userinfo (user:password@): RFC 9110 §4.2.4 forbids"
              + " sending it, and it would be signed into the proof's htu");
    }
    String path = target.getRawPath() == null ? "" : target.getRawPath();
    return scheme.toLowerCase(Locale.ROOT) + "://" + target.getRawAuthority() + path;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[JTI_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Configures a {@link DpopProofFactory}. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final JwsAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private Provider provider;
    private Clock clock;

    private Builder(JwsAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
      this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * The provider that holds the private key, for example {@code Pkcs11Token#provider()}. It must
     * be registered with {@link java.security.Security#addProvider}. Default: JCA's choice, which
     * suits software keys.
     *
     * @throws IllegalStateException if the provider is already set
     */
    public Builder provider(Provider provider) {
      this.provider = options.set("provider", provider);
      return this;
    }

    /**
     * The clock for {@code iat}. Default: the system clock.
     *
     * @throws IllegalStateException if the clock is already set
     */
    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * @throws IllegalArgumentException if the key does not suit the algorithm, or the private key
     *     does not belong to the public key (checked by signing a probe)
     */
    public DpopProofFactory build() {
      return new DpopProofFactory(this);
    }
  }
}
