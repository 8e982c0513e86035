package org.dpop4j.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Verifies DPoP proofs (RFC 9449 §4.3): every check, each refusal with its own {@link
 * RefusalReason}. Build one per protected application with {@link #builder()}; it is immutable
 * and safe to share between threads.
 *
 * <p>The proof's {@code jti} is recorded in the {@link ReplayCache} only after every other check
 * has passed, so a refused request never uses up a proof.
 *
 * <pre>{@code
 * DpopVerifier verifier = DpopVerifier.builder().build();
 * VerifiedProof proof = verifier.verify(DpopRequest.toResourceServer(
 *     "GET", URI.create("https://api.example.com/orders"), dpopHeaderValues, accessToken, cnfJkt));
 * }</pre>
 */
public final class DpopVerifier {

  private static final Set<String> PRIVATE_KEY_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");
  // The same text as jose4j's Base64Url.encode, so replay keys are those earlier versions stored.
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 8192;
  // Classical proofs stay under 4 KB; ML-DSA-65 and ML-DSA-87 proofs carry 2.6 to 3.5 KB of public
  // key and 4.4 to 6.2 KB of signature in base64url, about 8,300 and 11,200 characters in all.
  private static final int DEFAULT_MAX_PROOF_LENGTH = 8 * 1024;
  private static final int DEFAULT_MAX_PROOF_LENGTH_LARGE_ML_DSA = 16 * 1024;

  private final Set<JwsAlgorithm> allowedAlgorithms;
  private final String allowedAlgorithmNames;
  private final Duration maxAge;
  private final Duration clockSkew;
  private final int maxProofLength;
  private final int maxJtiLength;
  private final ReplayCache replayCache;
  private final ReplayCache tokenEndpointReplayCache;
  private final NonceService nonceService;
  private final Clock clock;
  private final VerificationKeyCache keyCache;
  private final DpopObserver observer;

  private DpopVerifier(Builder builder) {
    this.allowedAlgorithms = Collections.unmodifiableSet(EnumSet.copyOf(builder.allowedAlgorithms));
    this.allowedAlgorithmNames = joinNames(allowedAlgorithms);
    this.maxAge = builder.maxAge;
    this.clockSkew = builder.clockSkew;
    this.maxProofLength =
        builder.maxProofLength.orElse(
            allowedAlgorithms.contains(JwsAlgorithm.ML_DSA_65)
                    || allowedAlgorithms.contains(JwsAlgorithm.ML_DSA_87)
                ? DEFAULT_MAX_PROOF_LENGTH_LARGE_ML_DSA
                : DEFAULT_MAX_PROOF_LENGTH);
    this.maxJtiLength = builder.maxJtiLength;
    this.clock = builder.clock;
    this.replayCache =
        builder.replayCache != null
            ? builder.replayCache
            : InMemoryReplayCache.withMaximumSize(builder.inMemoryReplayCacheSize);
    // Anyone may send token requests, and their proofs are recorded before the client
    // authenticates: by default they fill a store of their own, never the resource requests' one.
    this.tokenEndpointReplayCache =
        builder.tokenEndpointReplayCache != null
            ? builder.tokenEndpointReplayCache
            : builder.replayCache != null
                ? builder.replayCache
                : InMemoryReplayCache.withMaximumSize(builder.inMemoryReplayCacheSize);
    this.nonceService = builder.nonceService;
    this.keyCache = new VerificationKeyCache(builder.keyCacheSize);
    this.observer = builder.observer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the request's proof and records its use.
   *
   * @return the verified proof; never null
   * @throws DpopException naming the failed check
   */
  public VerifiedProof verify(DpopRequest request) throws DpopException {
    long start = System.nanoTime();
    VerifiedProof proof;
    try {
      proof = verifyProof(request);
    } catch (DpopException refusal) {
      observeRefusal(refusal.reason(), start);
      throw refusal;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    try {
      observer.accepted(proof, elapsed);
    } catch (RuntimeException e) {
      // Metrics must not decide a request: a broken observer neither refuses nor lets through.
    }
    return proof;
  }

  /** Tells the observer of a refusal decided outside {@link #verify}, timed from {@code start}. */
  void observeRefusal(RefusalReason reason, long startNanos) {
    try {
      observer.refused(reason, Duration.ofNanos(System.nanoTime() - startNanos));
    } catch (RuntimeException e) {
      // As in verify: the refusal stands whatever the observer does.
    }
  }

  private VerifiedProof verifyProof(DpopRequest request) throws DpopException {
    String compact = singleProof(request.dpopHeaderValues());
    CompactProof parsed = CompactProof.parse(compact);
    JwsAlgorithm algorithm = checkHeader(parsed);
    Map<?, ?> jwkMembers = jwkMembers(parsed, algorithm);
    VerificationKey key =
        algorithm.keyType().equals("AKP")
            ? VerificationKey.mlDsa(MlDsaPublicKey.parse(jwkMembers, algorithm))
            : keyCache.keyFor(jwkMembers, DpopVerifier::publicKey);
    Map<String, Object> claims = parsed.claims();

    String jti = checkJti(claims);
    String htm = checkHtm(claims, request.method());
    String htu = checkHtu(claims, request.targetUri());
    // One reading decides both the iat and, in the replay store, the entry's expiry.
    Instant now = clock.instant();
    Instant issuedAt = checkIat(claims, now);
    key.checkSignature(parsed, algorithm);
    String nonce = checkNonce(claims);
    if (request.mode() == DpopMode.RESOURCE_SERVER) {
      checkAth(claims, request.accessToken().orElseThrow());
    }
    String thumbprint = key.thumbprint();
    if (request.requiredThumbprint().isPresent()
        && !constantTimeEquals(thumbprint, request.requiredThumbprint().get())) {
      throw new DpopException(
          request.mode() == DpopMode.RESOURCE_SERVER
              ? RefusalReason.KEY_NOT_BOUND_TO_TOKEN
              : RefusalReason.DPOP_JKT_MISMATCH);
    }
    recordFirstUse(
        request.mode() == DpopMode.TOKEN_ENDPOINT ? tokenEndpointReplayCache : replayCache,
        thumbprint,
        jti,
        issuedAt,
        now);
    return new VerifiedProof(
        thumbprint, key.publicKey(), key, algorithm, jti, issuedAt, htm, htu, nonce);
  }

  /**
   * The nonce to send in a {@code DPoP-Nonce} header of a successful response, when the proof
   * carried a nonce that is about to stop being accepted.
   */
  public Optional<String> nonceToOffer(VerifiedProof proof) {
    if (nonceService == null || proof.nonce().isEmpty()) {
      return Optional.empty();
    }
    return nonceService.check(proof.nonce().get()) == NonceService.Check.CURRENT
        ? Optional.empty()
        : Optional.of(nonceService.currentNonce());
  }

  /** The HTTP response for a refused request, the same in every adapter. */
  public HttpRefusal refusal(DpopException refusal, DpopMode mode) {
    Optional<String> nonce = Optional.empty();
    if (nonceService != null && refusal.error() != DpopError.TEMPORARILY_UNAVAILABLE) {
      try {
        nonce = Optional.of(nonceService.currentNonce());
      } catch (RuntimeException e) {
        // The nonce key is unusable (an HSM that went away): refuse without one, never fail.
        if (refusal.error() == DpopError.USE_DPOP_NONCE) {
          return HttpRefusal.of(RefusalReason.INTERNAL_FAILURE, mode, allowedAlgorithmNames, nonce);
        }
      }
    }
    return HttpRefusal.of(refusal.reason(), mode, allowedAlgorithmNames, nonce);
  }

  /** The HTTP response for a request to a protected resource that carried no credentials. */
  public HttpRefusal challenge() {
    return refusal(new DpopException(RefusalReason.MISSING_CREDENTIALS), DpopMode.RESOURCE_SERVER);
  }

  public Set<JwsAlgorithm> allowedAlgorithms() {
    return allowedAlgorithms;
  }

  /** Whether proofs must carry a server nonce. */
  public boolean requiresNonce() {
    return nonceService != null;
  }

  private String singleProof(List<String> values) throws DpopException {
    if (values.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_PROOF);
    }
    if (values.size() > 1) {
      throw new DpopException(RefusalReason.MULTIPLE_PROOFS);
    }
    String value = values.get(0).strip();
    if (value.length() > maxProofLength) {
      throw new DpopException(RefusalReason.PROOF_TOO_LARGE);
    }
    if (value.indexOf(',') >= 0) {
      throw new DpopException(RefusalReason.MULTIPLE_PROOFS);
    }
    if (value.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_PROOF);
    }
    return value;
  }

  private JwsAlgorithm checkHeader(CompactProof proof) throws DpopException {
    Object typ = proof.header("typ");
    if (typ == null) {
      throw new DpopException(RefusalReason.MISSING_TYP);
    }
    // Media types compare case-insensitively; RFC 7515 §4.1.9 allows the "application/" prefix.
    if (!(typ instanceof String typName)
        || !(typName.equalsIgnoreCase("dpop+jwt")
            || typName.equalsIgnoreCase("application/dpop+jwt"))) {
      throw new DpopException(RefusalReason.WRONG_TYP);
    }
    Object alg = proof.header("alg");
    if (alg == null) {
      throw new DpopException(RefusalReason.MISSING_ALG);
    }
    if (!(alg instanceof String algName)) {
      throw new DpopException(RefusalReason.ALG_NOT_ALLOWED);
    }
    JwsAlgorithm algorithm =
        JwsAlgorithm.fromJoseName(algName)
            .filter(allowedAlgorithms::contains)
            .orElseThrow(() -> new DpopException(RefusalReason.ALG_NOT_ALLOWED));
    if (proof.header("crit") != null) {
      throw new DpopException(RefusalReason.UNSUPPORTED_CRITICAL_HEADER);
    }
    return algorithm;
  }

  /** The members of the {@code jwk} header, after the checks that need no parsing. */
  private static Map<?, ?> jwkMembers(CompactProof proof, JwsAlgorithm algorithm)
      throws DpopException {
    Object jwkValue = proof.header("jwk");
    if (jwkValue == null) {
      throw new DpopException(RefusalReason.MISSING_JWK);
    }
    if (!(jwkValue instanceof Map<?, ?> members)) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    for (String member : PRIVATE_KEY_MEMBERS) {
      if (members.containsKey(member)) {
        throw new DpopException(RefusalReason.PRIVATE_KEY_IN_JWK);
      }
    }
    Object kty = members.get("kty");
    if ("oct".equals(kty)) {
      throw new DpopException(RefusalReason.PRIVATE_KEY_IN_JWK);
    }
    if (!algorithm.keyType().equals(kty)) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    if (algorithm.curve().isPresent() && !algorithm.curve().get().equals(members.get("crv"))) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    // An AKP key names its one algorithm (RFC 9964 §3): a key of another parameter set, or of no
    // stated one, is not read as this one.
    if (algorithm.keyType().equals("AKP") && !algorithm.joseName().equals(members.get("alg"))) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    return members;
  }

  /** Parses and validates the key of {@link #jwkMembers}: the plain path, without the cache. */
  private static PublicJsonWebKey publicKey(Map<?, ?> members) throws DpopException {
    PublicJsonWebKey jwk;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) members;
      jwk = PublicJsonWebKey.Factory.newPublicJwk(params);
    } catch (JoseException | RuntimeException e) {
      throw new DpopException(RefusalReason.INVALID_JWK, e);
    }
    if (jwk.getPublicKey() instanceof ECPublicKey ecKey) {
      checkEcPoint(ecKey, (EllipticCurveJsonWebKey) jwk, members);
    } else if (jwk.getPublicKey() instanceof RSAPublicKey rsaKey) {
      int bits = rsaKey.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new DpopException(RefusalReason.KEY_TOO_SMALL);
      }
      if (bits > MAX_RSA_BITS) {
        throw new DpopException(RefusalReason.KEY_TOO_LARGE);
      }
    }
    Optional<RefusalReason> refusal = KeyRules.refusalFor(jwk.getPublicKey());
    if (refusal.isPresent()) {
      throw new DpopException(refusal.get());
    }
    return jwk;
  }

  /**
   * Refuses coordinates that are not full-length (RFC 7518 §6.2.1.2) or not on the curve: an
   * off-curve point is the first step of invalid-curve attacks.
   */
  private static void checkEcPoint(
      ECPublicKey key, EllipticCurveJsonWebKey jwk, Map<?, ?> members) throws DpopException {
    ECParameterSpec spec = EllipticCurves.getSpec(jwk.getCurveName());
    if (spec == null) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    int fieldBytes = (spec.getCurve().getField().getFieldSize() + 7) / 8;
    if (encodedLength(members.get("x")) != fieldBytes
        || encodedLength(members.get("y")) != fieldBytes) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
    ECPoint w = key.getW();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      throw new DpopException(RefusalReason.EC_POINT_NOT_ON_CURVE);
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    if (!left.equals(right)) {
      throw new DpopException(RefusalReason.EC_POINT_NOT_ON_CURVE);
    }
  }

  private static int encodedLength(Object base64url) {
    return base64url instanceof String s ? (s.length() * 3) / 4 : -1;
  }

  private String checkJti(Map<String, Object> claims) throws DpopException {
    if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_JTI);
    }
    if (jti.length() > maxJtiLength) {
      throw new DpopException(RefusalReason.JTI_TOO_LONG);
    }
    return jti;
  }

  private static String checkHtm(Map<String, Object> claims, String method) throws DpopException {
    if (!(claims.get("htm") instanceof String htm)) {
      throw new DpopException(RefusalReason.MISSING_HTM);
    }
    if (!htm.equals(method)) {
      throw new DpopException(RefusalReason.HTM_MISMATCH);
    }
    return htm;
  }

  private static String checkHtu(Map<String, Object> claims, java.net.URI target)
      throws DpopException {
    if (!(claims.get("htu") instanceof String htu)) {
      throw new DpopException(RefusalReason.MISSING_HTU);
    }
    String normalizedHtu =
        HtuNormalizer.normalize(htu)
            .orElseThrow(() -> new DpopException(RefusalReason.INVALID_HTU));
    String normalizedTarget =
        HtuNormalizer.normalize(target)
            .orElseThrow(() -> new DpopException(RefusalReason.HTU_MISMATCH));
    if (!normalizedHtu.equals(normalizedTarget)) {
      throw new DpopException(RefusalReason.HTU_MISMATCH);
    }
    return htu;
  }

  private Instant checkIat(Map<String, Object> claims, Instant now) throws DpopException {
    if (!(claims.get("iat") instanceof Number number)) {
      throw new DpopException(RefusalReason.MISSING_IAT);
    }
    double seconds = number.doubleValue();
    // Compare in seconds first, so absurd values never reach Instant arithmetic.
    double nowSeconds = now.getEpochSecond();
    if (!Double.isFinite(seconds) || seconds < nowSeconds - maxAge.plus(clockSkew).getSeconds() - 1) {
      throw iatRefusal(RefusalReason.IAT_TOO_OLD, seconds, now);
    }
    if (seconds > nowSeconds + clockSkew.getSeconds() + 1) {
      throw iatRefusal(RefusalReason.IAT_IN_FUTURE, seconds, now);
    }
    Instant issuedAt = Instant.ofEpochMilli((long) (seconds * 1000));
    if (issuedAt.isBefore(now.minus(maxAge).minus(clockSkew))) {
      throw iatRefusal(RefusalReason.IAT_TOO_OLD, seconds, now);
    }
    if (issuedAt.isAfter(now.plus(clockSkew))) {
      throw iatRefusal(RefusalReason.IAT_IN_FUTURE, seconds, now);
    }
    return issuedAt;
  }

  /** Numbers only on the diagnostic log: the clocks of client and server compared. */
  private DpopException iatRefusal(RefusalReason reason, double iat, Instant now) {
    if (Diagnostics.LOG.isDebugEnabled()) {
      double serverSeconds = now.toEpochMilli() / 1000.0;
      Diagnostics.LOG.debug(
          "{}: proof iat {} s, server time {} s (proof {} s {} the server); accepted from {} s"
              + " before to {} s after the server time (max-age {} s, clock skew {} s)",
          reason,
          Double.isFinite(iat) ? String.format(Locale.ROOT, "%.3f", iat) : "not finite",
          String.format(Locale.ROOT, "%.3f", serverSeconds),
          Double.isFinite(iat)
              ? String.format(Locale.ROOT, "%.3f", Math.abs(iat - serverSeconds))
              : "?",
          iat < serverSeconds ? "behind" : "ahead of",
          maxAge.plus(clockSkew).getSeconds(),
          clockSkew.getSeconds(),
          maxAge.getSeconds(),
          clockSkew.getSeconds());
    }
    return new DpopException(reason);
  }

  private String checkNonce(Map<String, Object> claims) throws DpopException {
    Object nonce = claims.get("nonce");
    if (nonceService == null) {
      return nonce instanceof String s ? s : null;
    }
    if (nonce == null) {
      throw new DpopException(RefusalReason.MISSING_NONCE);
    }
    if (!(nonce instanceof String nonceValue)) {
      throw new DpopException(RefusalReason.INVALID_NONCE);
    }
    switch (nonceService.check(nonceValue)) {
      case CURRENT:
      case PREVIOUS:
        return nonceValue;
      case EXPIRED:
        throw new DpopException(RefusalReason.EXPIRED_NONCE);
      default:
        throw new DpopException(RefusalReason.INVALID_NONCE);
    }
  }

  private static void checkAth(Map<String, Object> claims, String accessToken)
      throws DpopException {
    Object ath = claims.get("ath");
    if (ath == null) {
      throw new DpopException(RefusalReason.MISSING_ATH);
    }
    String expected =
        BASE64URL.encodeToString(sha256(accessToken.getBytes(StandardCharsets.US_ASCII)));
    if (!(ath instanceof String athValue) || !constantTimeEquals(expected, athValue)) {
      throw new DpopException(RefusalReason.ATH_MISMATCH);
    }
  }

  private void recordFirstUse(
      ReplayCache replayCache, String thumbprint, String jti, Instant issuedAt, Instant now)
      throws DpopException {
    // Scoped by key so that one client cannot burn another's jti; hashed so keys are fixed-size.
    String key =
        BASE64URL.encodeToString(sha256((thumbprint + ':' + jti).getBytes(StandardCharsets.UTF_8)));
    boolean first;
    try {
      // The last instant checkIat accepts: the store keeps the entry past it.
      first = replayCache.firstUse(key, issuedAt, issuedAt.plus(maxAge).plus(clockSkew), now);
    } catch (ReplayCacheUnavailableException | RuntimeException e) {
      throw new DpopException(RefusalReason.REPLAY_STORE_UNAVAILABLE, e);
    }
    if (!first) {
      throw new DpopException(RefusalReason.REPLAYED_PROOF);
    }
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String joinNames(Collection<JwsAlgorithm> algorithms) {
    StringBuilder names = new StringBuilder();
    for (JwsAlgorithm algorithm : algorithms) {
      if (names.length() > 0) {
        names.append(' ');
      }
      names.append(algorithm.joseName());
    }
    return names.toString();
  }

  /** Configures a {@link DpopVerifier}. Every setting has a safe default. */
  public static final class Builder {
    private Set<JwsAlgorithm> allowedAlgorithms = JwsAlgorithm.allowedByDefault();
    private Duration maxAge = Duration.ofSeconds(60);
    private Duration clockSkew = Duration.ofSeconds(10);
    private OptionalInt maxProofLength = OptionalInt.empty();
    private int maxJtiLength = 256;
    private int inMemoryReplayCacheSize = 100_000;
    private int keyCacheSize = 1_024;
    private ReplayCache replayCache;
    private ReplayCache tokenEndpointReplayCache;
    private NonceService nonceService;
    private Clock clock = Clock.systemUTC();
    private DpopObserver observer = DpopObserver.NONE;

    private Builder() {}

    /**
     * The algorithms proofs may be signed with. Default: {@link JwsAlgorithm#allowedByDefault()},
     * every algorithm but ML-DSA.
     */
    public Builder allowedAlgorithms(Set<JwsAlgorithm> algorithms) {
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm must be allowed");
      }
      this.allowedAlgorithms = EnumSet.copyOf(algorithms);
      return this;
    }

    /**
     * How old a proof may be, and how far the client's clock may be ahead or behind. Defaults: 60
     * s and 10 s. Proofs are remembered for replay detection until {@code iat + maxAge + clockSkew},
     * the last instant they are accepted, included.
     */
    public Builder proofLifetime(Duration maxAge, Duration clockSkew) {
      if (maxAge.isNegative() || maxAge.isZero() || clockSkew.isNegative()) {
        throw new IllegalArgumentException("maxAge must be positive and clockSkew not negative");
      }
      if (maxAge.plus(clockSkew).compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("maxAge + clockSkew must not exceed one hour");
      }
      this.maxAge = maxAge;
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * The longest {@code DPoP} header value accepted, in characters. Default 8192, or 16384 when
     * ML-DSA-65 or ML-DSA-87 is allowed, as their proofs are longer than 8192.
     */
    public Builder maxProofLength(int characters) {
      if (characters < 256 || characters > 64 * 1024) {
        throw new IllegalArgumentException("maxProofLength must be within 256..65536");
      }
      this.maxProofLength = OptionalInt.of(characters);
      return this;
    }

    /** The longest {@code jti} accepted, in characters. Default 256. */
    public Builder maxJtiLength(int characters) {
      if (characters < 16 || characters > 1024) {
        throw new IllegalArgumentException("maxJtiLength must be within 16..1024");
      }
      this.maxJtiLength = characters;
      return this;
    }

    /**
     * Where used proofs are recorded. Default: an {@link InMemoryReplayCache} of 100,000 entries,
     * which suits a single node. Token requests' proofs go to {@link #tokenEndpointReplayCache}
     * when one is set, else here too.
     */
    public Builder replayCache(ReplayCache replayCache) {
      this.replayCache = Objects.requireNonNull(replayCache, "replayCache");
      return this;
    }

    /**
     * Where the proofs of token requests ({@link DpopRequest#toTokenEndpoint}) are recorded, apart
     * from those of resource requests. Any client can fill a token endpoint's store, since its
     * proofs are recorded before the client authenticates; a store of its own, bounded on its
     * own, keeps such a flood from making resource requests answer 503. Default: the store set
     * with {@link #replayCache}, as a cluster needs its shared store at both; without one, an
     * {@link InMemoryReplayCache} of 100,000 entries separate from the resource requests' one.
     * Set it when one verifier with a {@link #replayCache} serves both a token endpoint and
     * protected resources.
     */
    public Builder tokenEndpointReplayCache(ReplayCache replayCache) {
      if (this.tokenEndpointReplayCache != null) {
        throw new IllegalStateException("tokenEndpointReplayCache is already set");
      }
      this.tokenEndpointReplayCache = Objects.requireNonNull(replayCache, "replayCache");
      return this;
    }

    /** Requires every proof to carry a nonce from {@code nonceService}. Default: not required. */
    public Builder requireNonce(NonceService nonceService) {
      this.nonceService = Objects.requireNonNull(nonceService, "nonceService");
      return this;
    }

    /**
     * How many proof keys to keep parsed, validated and, for ECDSA, with a precomputed table, so
     * that clients seen again verify several times faster. Keys enter only after a signature has
     * verified with them, and a stream of new keys cannot push out the keys in steady use. An
     * ECDSA key takes about 15 KB (P-256) to 25 KB (P-521) with its table, an RSA or Ed25519 key
     * 1-2 KB. Default 1024 keys; 0 disables the cache.
     */
    public Builder keyCacheSize(int keys) {
      if (keys < 0 || keys > 1_000_000) {
        throw new IllegalArgumentException("keyCacheSize must be within 0..1000000");
      }
      this.keyCacheSize = keys;
      return this;
    }

    /**
     * The clock {@code iat} is checked against, read once per proof; the replay store decides its
     * entry's expiry by the same reading. Default: the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Told of every verification's outcome and duration, for metrics; see {@code
     * org.dpop4j.core.metrics.MicrometerDpopObserver}. Default: none. An observer that throws
     * changes no outcome.
     */
    public Builder observer(DpopObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public DpopVerifier build() {
      if (tokenEndpointReplayCache != null && tokenEndpointReplayCache == replayCache) {
        throw new IllegalStateException(
            "tokenEndpointReplayCache must be another store than replayCache");
      }
      return new DpopVerifier(this);
    }
  }
}
