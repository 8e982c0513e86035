package org.dpop4j.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dpop4j.core.DpopRequest.CodeBinding;
import org.dpop4j.core.DpopRequest.ResourceServerRequest;
import org.dpop4j.core.DpopRequest.TokenEndpointRequest;
import org.dpop4j.core.internal.BuilderOptions;
import org.dpop4j.core.internal.CompactProof;
import org.dpop4j.core.internal.Digests;
import org.dpop4j.core.internal.ProofKeys;
import org.dpop4j.core.internal.VerificationKey;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;

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

  // Classical proofs stay under 4 KB; ML-DSA-65 and ML-DSA-87 proofs carry 2.6 to 3.5 KB of public
  // key and 4.4 to 6.2 KB of signature in base64url, about 8,300 and 11,200 characters in all.
  private static final int DEFAULT_MAX_PROOF_LENGTH = 8 * 1024;
  private static final int DEFAULT_MAX_PROOF_LENGTH_LARGE_ML_DSA = 16 * 1024;
  private static final int DEFAULT_REPLAY_CACHE_SIZE = 100_000;

  private final Set<JwsAlgorithm> allowedAlgorithms;
  private final int maxProofLength;
  private final ProofClaims claims;
  private final ReplayCache replayCache;
  private final ReplayCache tokenEndpointReplayCache;
  private final NonceService nonceService;
  private final Clock clock;
  private final ProofKeys keys;
  private final DpopObserver observer;

  private DpopVerifier(Builder builder) {
    this.allowedAlgorithms = Collections.unmodifiableSet(EnumSet.copyOf(builder.allowedAlgorithms));
    this.maxProofLength =
        builder.maxProofLength != 0
            ? builder.maxProofLength
            : allowedAlgorithms.contains(JwsAlgorithm.ML_DSA_65)
                    || allowedAlgorithms.contains(JwsAlgorithm.ML_DSA_87)
                ? DEFAULT_MAX_PROOF_LENGTH_LARGE_ML_DSA
                : DEFAULT_MAX_PROOF_LENGTH;
    this.claims =
        new ProofClaims(
            builder.maxAge, builder.clockSkew, builder.maxJtiLength, builder.nonceService);
    this.clock = builder.clock;
    this.replayCache =
        builder.replayCache != null
            ? builder.replayCache
            : InMemoryReplayCache.withMaximumSize(DEFAULT_REPLAY_CACHE_SIZE);
    // Anyone may send token requests, and their proofs are recorded before the client
    // authenticates: by default they fill a store of their own, never the resource requests' one.
    this.tokenEndpointReplayCache =
        builder.tokenEndpointReplayCache != null
            ? builder.tokenEndpointReplayCache
            : builder.replayCache != null
                ? builder.replayCache
                : InMemoryReplayCache.withMaximumSize(DEFAULT_REPLAY_CACHE_SIZE);
    this.nonceService = builder.nonceService;
    this.keys = new ProofKeys(builder.keyCacheSize);
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
    Objects.requireNonNull(request, "request");
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
    CompactProof parsed =
        CompactProof.parse(ProofHeader.singleProof(request.dpopHeaderValues(), maxProofLength));
    JwsAlgorithm algorithm = ProofHeader.algorithm(parsed, allowedAlgorithms);
    VerificationKey key = keys.keyOf(parsed, algorithm);
    Map<String, Object> proofClaims = parsed.claims();

    String jti = claims.checkJti(proofClaims);
    String htm = ProofClaims.checkHtm(proofClaims, request.method());
    String htu = ProofClaims.checkHtu(proofClaims, request.targetUri());
    // One reading decides both the iat and, in the replay store, the entry's expiry.
    Instant now = clock.instant();
    Instant issuedAt = claims.checkIat(proofClaims, now);
    key.checkSignature(parsed, algorithm);
    String nonce = claims.checkNonce(proofClaims);
    String thumbprint;
    ReplayCache store;
    // DpopRequest is sealed: a request that is not to a resource server is to a token endpoint.
    if (request instanceof ResourceServerRequest resourceRequest) {
      ProofClaims.checkAth(proofClaims, resourceRequest.accessToken());
      thumbprint = key.thumbprint();
      requireKey(
          thumbprint, resourceRequest.tokenThumbprint(), RefusalReason.KEY_NOT_BOUND_TO_TOKEN);
      store = replayCache;
    } else {
      TokenEndpointRequest tokenRequest = (TokenEndpointRequest) request;
      thumbprint = key.thumbprint();
      if (tokenRequest.codeBinding() instanceof CodeBinding.BoundTo code) {
        requireKey(thumbprint, code.dpopJkt(), RefusalReason.DPOP_JKT_MISMATCH);
      }
      store = tokenEndpointReplayCache;
    }
    recordFirstUse(store, thumbprint, jti, issuedAt, now);
    return new VerifiedProof(
        thumbprint, key.publicKey(), key, algorithm, jti, issuedAt, htm, htu, nonce);
  }

  private static void requireKey(String thumbprint, String required, RefusalReason otherwise)
      throws DpopException {
    if (!Digests.constantTimeEquals(thumbprint, required)) {
      throw new DpopException(otherwise);
    }
  }

  public Set<JwsAlgorithm> allowedAlgorithms() {
    return allowedAlgorithms;
  }

  /** Whether proofs must carry a server nonce. */
  public boolean requiresNonce() {
    return nonceService != null;
  }
  /** The service that issues and checks nonces, when proofs must carry one. */
  public Optional<NonceService> nonceService() {
    return Optional.ofNullable(nonceService);
  }


  private void recordFirstUse(
      ReplayCache replayCache, String thumbprint, String jti, Instant issuedAt, Instant now)
      throws DpopException {
    // Scoped by key so that one client cannot burn another's jti; hashed so keys are fixed-size.
    String key = Digests.sha256Base64Url(thumbprint + ':' + jti);
    boolean first;
    try {
      // The last instant checkIat accepts: the store keeps the entry past it.
      first = replayCache.firstUse(key, issuedAt, claims.acceptedUntil(issuedAt), now);
    } catch (ReplayCacheUnavailableException | RuntimeException e) {
      throw new DpopException(RefusalReason.REPLAY_STORE_UNAVAILABLE, e);
    }
    if (!first) {
      throw new DpopException(RefusalReason.REPLAYED_PROOF);
    }
  }

  /**
   * Configures a {@link DpopVerifier}. Every setting has a safe default; each may be set once, and
   * a value out of range is refused when it is set, naming the setting.
   */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private Set<JwsAlgorithm> allowedAlgorithms = JwsAlgorithm.allowedByDefault();
    private Duration maxAge = Duration.ofSeconds(60);
    private Duration clockSkew = Duration.ofSeconds(10);
    // 0: the default, which depends on the algorithms allowed.
    private int maxProofLength;
    private int maxJtiLength = 256;
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
      Objects.requireNonNull(algorithms, "allowedAlgorithms");
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm must be allowed");
      }
      for (JwsAlgorithm algorithm : algorithms) {
        Objects.requireNonNull(algorithm, "allowedAlgorithms element");
      }
      this.allowedAlgorithms = EnumSet.copyOf(options.set("allowedAlgorithms", algorithms));
      return this;
    }

    /**
     * How old a proof may be, and how far the client's clock may be ahead or behind. Defaults: 60
     * s and 10 s. Proofs are remembered for replay detection until {@code iat + maxAge + clockSkew},
     * the last instant they are accepted, included.
     */
    public Builder proofLifetime(Duration maxAge, Duration clockSkew) {
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (maxAge.isNegative() || maxAge.isZero() || clockSkew.isNegative()) {
        throw new IllegalArgumentException("maxAge must be positive and clockSkew not negative");
      }
      if (maxAge.plus(clockSkew).compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("maxAge + clockSkew must not exceed one hour");
      }
      this.maxAge = options.set("proofLifetime", maxAge);
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * The longest {@code DPoP} header value accepted, in characters. Default 8192, or 16384 when
     * ML-DSA-65 or ML-DSA-87 is allowed, as their proofs are longer than 8192.
     */
    public Builder maxProofLength(int characters) {
      this.maxProofLength = options.setWithin("maxProofLength", characters, 256, 64 * 1024);
      return this;
    }

    /** The longest {@code jti} accepted, in characters. Default 256. */
    public Builder maxJtiLength(int characters) {
      this.maxJtiLength = options.setWithin("maxJtiLength", characters, 16, 1024);
      return this;
    }

    /**
     * Where used proofs are recorded. Default: an {@link InMemoryReplayCache} of 100,000 entries,
     * which suits a single node. Token requests' proofs go to {@link #tokenEndpointReplayCache}
     * when one is set, else here too.
     */
    public Builder replayCache(ReplayCache replayCache) {
      this.replayCache = options.set("replayCache", replayCache);
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
      this.tokenEndpointReplayCache = options.set("tokenEndpointReplayCache", replayCache);
      return this;
    }

    /** Requires every proof to carry a nonce from {@code nonceService}. Default: not required. */
    public Builder requireNonce(NonceService nonceService) {
      this.nonceService = options.set("requireNonce", nonceService);
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
      this.keyCacheSize = options.setWithin("keyCacheSize", keys, 0, 1_000_000);
      return this;
    }

    /**
     * The clock {@code iat} is checked against, read once per proof; the replay store decides its
     * entry's expiry by the same reading. Default: the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    /**
     * Told of every verification's outcome and duration, for metrics; see {@code
     * org.dpop4j.core.metrics.MicrometerDpopObserver}. Default: none. An observer that throws
     * changes no outcome.
     */
    public Builder observer(DpopObserver observer) {
      this.observer = options.set("observer", observer);
      return this;
    }

    /**
     * @throws IllegalStateException when {@link #tokenEndpointReplayCache} is the {@link
     *     #replayCache} itself, which would let a flood of token requests refuse resource ones
     */
    public DpopVerifier build() {
      if (tokenEndpointReplayCache != null && tokenEndpointReplayCache == replayCache) {
        throw new IllegalStateException(
            "tokenEndpointReplayCache must be another store than replayCache");
      }
      return new DpopVerifier(this);
    }
  }
}
