package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.testing.LittleEndian256;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestProof;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key cache and its BouncyCastle ECDSA path must never change a verdict. The plain verifier
 * ({@code keyCacheSize(0)}: jose4j and the JDK), a caching verifier that has seen the keys before
 * (cache hits) and a new caching verifier for every proof (cache misses, which verify ECDSA with
 * BouncyCastle too, as Ed25519 does) are given the same generated proofs, valid and broken in many ways; they must
 * accept the same ones with the same thumbprint and key, and refuse the others for the same
 * {@link RefusalReason}.
 */
class FastPathDifferentialTest {

  static final String HTU = "https://api.example.com/orders";
  static final String TOKEN = "an-access-token";
  static final int KEYS_PER_ALGORITHM = 6;
  static final int RANDOM_SIGNATURES_PER_KEY = 12;

  final Random random = new Random(9449);
  TestClock clock;
  DpopVerifier plain;
  DpopVerifier cached;
  ReplayCache firstSightReplayCache;
  final Map<RefusalReason, Integer> refusals = new EnumMap<>(RefusalReason.class);
  int accepted;
  int compared;

  @BeforeEach
  void setUp() {
    clock = TestClock.startingNow();
    plain = DpopVerifier.builder().clock(clock).keyCacheSize(0).build();
    cached = DpopVerifier.builder().clock(clock).build();
    firstSightReplayCache = InMemoryReplayCache.withMaximumSize(100_000);
  }

  @ParameterizedTest
  @EnumSource(
      value = JwsAlgorithm.class,
      names = {"ES256", "ES384", "ES512"})
  void ecdsaVerdictsAreTheSameWithAndWithoutTheCache(JwsAlgorithm algorithm) throws Exception {
    List<TestKey> keys = keys(algorithm);
    for (TestKey key : keys) {
      TestKey other = keys.get((keys.indexOf(key) + 1) % keys.size());
      compareCommonVariants(key, other);
      compareEcdsaSignatureVariants(key);
      compareEcdsaKeyVariants(key, other);
    }

    assertThat(compared).isGreaterThan(KEYS_PER_ALGORITHM * 60);
    assertThat(accepted).isGreaterThan(KEYS_PER_ALGORITHM * 4);
    assertThat(refusals.get(RefusalReason.BAD_SIGNATURE)).isGreaterThan(KEYS_PER_ALGORITHM * 40);
    assertThat(refusals)
        .containsKeys(
            RefusalReason.EC_POINT_NOT_ON_CURVE,
            RefusalReason.INVALID_JWK,
            RefusalReason.KEY_DOES_NOT_MATCH_ALG,
            RefusalReason.REPLAYED_PROOF,
            RefusalReason.KEY_NOT_BOUND_TO_TOKEN);
  }

  @ParameterizedTest
  @EnumSource(
      value = JwsAlgorithm.class,
      names = {"RS256", "PS256", "RS512", "PS384", "EDDSA", "ED25519"})
  void rsaAndEd25519VerdictsAreTheSameWithAndWithoutTheCache(JwsAlgorithm algorithm)
      throws Exception {
    List<TestKey> keys = algorithm.keyType().equals("RSA") ? keys(algorithm, 2) : keys(algorithm);
    for (TestKey key : keys) {
      TestKey other = keys.get((keys.indexOf(key) + 1) % keys.size());
      compareCommonVariants(key, other);
      if (algorithm.keyType().equals("OKP")) {
        compareEd25519Variants(key);
      }
    }

    assertThat(accepted).isGreaterThanOrEqualTo(keys.size());
    assertThat(refusals.get(RefusalReason.BAD_SIGNATURE)).isGreaterThan(keys.size() * 20);
  }

  /** Breaks that apply to every algorithm: tampering, other keys, lengths, replays, bindings. */
  void compareCommonVariants(TestKey key, TestKey other) throws Exception {
    warmUp(key);
    warmUp(other);
    String valid = proof(key).sign();
    compare(valid, key);
    compare(valid, key);
    compare(proof(key).header("alg", otherAlgorithmOfTheSameFamily(key)).sign(), key);
    compare(proof(key).header("alg", key.keyType().equals("EC") ? "RS256" : "ES256")
        .sign(), key);
    compare(proof(key).signedBy(other.keyPair().getPrivate()).sign(), key);
    compare(proof(key).header("jwk", jwk(other)).sign(), key);
    compare(proof(key).sign(), other);
    compare(proof(key).issuedAt(clock.instant().minusSeconds(3600)).sign(), key);

    String[] parts = proof(key).sign().split("\\.");
    String[] otherParts = proof(key).sign().split("\\.");
    compare(parts[0] + "." + otherParts[1] + "." + parts[2], key);

    byte[] signature = Base64Url.decode(proof(key).sign().split("\\.")[2]);
    for (int bit : new int[] {0, 7, signature.length * 4, signature.length * 8 - 1}) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      compare(withSignature(proof(key).sign(), flipped), key);
    }
    for (int i = 0; i < RANDOM_SIGNATURES_PER_KEY; i++) {
      byte[] randomBytes = new byte[signature.length];
      random.nextBytes(randomBytes);
      compare(withSignature(proof(key).sign(), randomBytes), key);
    }
    for (int length : new int[] {1, signature.length / 2, signature.length - 1,
        signature.length + 1, signature.length + 2, 2 * signature.length}) {
      String fresh = proof(key).sign();
      byte[] resized = Arrays.copyOf(Base64Url.decode(fresh.split("\\.")[2]), length);
      compare(withSignature(fresh, resized), key);
    }
  }

  /** R||S values at and around the edges of [1, n-1], high-S, swapped and random. */
  void compareEcdsaSignatureVariants(TestKey key) throws Exception {
    BigInteger n = ((ECPublicKey) key.keyPair().getPublic()).getParams().getOrder();
    int half = Base64Url.decode(proof(key).sign().split("\\.")[2]).length / 2;
    BigInteger allOnes = BigInteger.ONE.shiftLeft(8 * half).subtract(BigInteger.ONE);
    BigInteger fieldPrime =
        ((java.security.spec.ECFieldFp)
                ((ECPublicKey) key.keyPair().getPublic()).getParams().getCurve().getField())
            .getP();

    String signed = proof(key).sign();
    BigInteger[] rs = rs(signed, half);
    compare(withSignature(signed, concat(rs[0], n.subtract(rs[1]), half)), key);
    signed = proof(key).sign();
    rs = rs(signed, half);
    compare(withSignature(signed, concat(rs[1], rs[0], half)), key);
    signed = proof(key).sign();
    rs = rs(signed, half);
    compare(withSignature(signed, concat(rs[0].add(n), rs[1], half)), key);

    List<BigInteger> edges =
        List.of(BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE), n,
            n.add(BigInteger.ONE), fieldPrime.subtract(BigInteger.ONE), allOnes);
    for (BigInteger edge : edges) {
      signed = proof(key).sign();
      rs = rs(signed, half);
      compare(withSignature(signed, concat(edge, rs[1], half)), key);
      signed = proof(key).sign();
      rs = rs(signed, half);
      compare(withSignature(signed, concat(rs[0], edge, half)), key);
      compare(withSignature(proof(key).sign(), concat(edge, edge, half)), key);
    }
    for (int i = 0; i < RANDOM_SIGNATURES_PER_KEY; i++) {
      BigInteger r = new BigInteger(n.bitLength(), random).mod(n);
      BigInteger s = new BigInteger(n.bitLength(), random).mod(n);
      compare(withSignature(proof(key).sign(), concat(r, s, half)), key);
    }
    signed = proof(key).sign();
    rs = rs(signed, half);
    compare(withSignature(signed, der(rs[0], rs[1])), key);
  }

  /**
   * Encodings BouncyCastle's Ed25519 must refuse as the JDK does: S at or above the group order L
   * (S + L verifies the same equation), R and the key as non-canonical or small-order points.
   */
  void compareEd25519Variants(TestKey key) throws Exception {
    BigInteger order = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    BigInteger fieldPrime = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    String signed = proof(key).sign();
    byte[] signature = Base64Url.decode(signed.substring(signed.lastIndexOf('.') + 1));
    BigInteger s = LittleEndian256.read(signature, 32);
    for (BigInteger badS : List.of(s.add(order), order, order.add(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(253).add(s))) {
      byte[] changed = signature.clone();
      LittleEndian256.write(badS, changed, 32);
      compare(withSignature(signed, changed), key);
    }
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] nonCanonicalIdentity = new byte[32];
    LittleEndian256.write(fieldPrime.add(BigInteger.ONE), nonCanonicalIdentity, 0);
    byte[] orderTwo = new byte[32];
    LittleEndian256.write(fieldPrime.subtract(BigInteger.ONE), orderTwo, 0);
    for (byte[] badR : List.of(identity, nonCanonicalIdentity, orderTwo, new byte[32])) {
      byte[] changed = signature.clone();
      System.arraycopy(badR, 0, changed, 0, 32);
      compare(withSignature(proof(key).sign(), changed), key);
      byte[] withZeroS = changed.clone();
      Arrays.fill(withZeroS, 32, 64, (byte) 0);
      compare(withSignature(proof(key).sign(), withZeroS), key);
    }
    byte[] nonCanonicalR = signature.clone();
    BigInteger r = LittleEndian256.read(signature, 0);
    LittleEndian256.write(r.testBit(255) ? r.clearBit(255).add(fieldPrime) : r.add(fieldPrime),
        nonCanonicalR, 0);
    compare(withSignature(signed, nonCanonicalR), key);
    for (byte[] badKey : List.of(identity, nonCanonicalIdentity, orderTwo)) {
      Map<String, Object> weak = jwk(key);
      weak.put("x", Base64Url.encode(badKey));
      compare(proof(key).header("jwk", weak).sign(), key);
    }
  }



  /** Keys beside the cached one: off the curve, short coordinates, extra and non-string members. */
  void compareEcdsaKeyVariants(TestKey key, TestKey other) throws Exception {
    Map<String, Object> offCurve = jwk(key);
    offCurve.put("y", jwk(other).get("y"));
    compare(proof(key).header("jwk", offCurve).sign(), key);

    Map<String, Object> shortX = jwk(key);
    shortX.put("x", ((String) shortX.get("x")).substring(2));
    compare(proof(key).header("jwk", shortX).sign(), key);

    Map<String, Object> withKid = jwk(key);
    withKid.put("kid", "client-key-1");
    compare(proof(key).header("jwk", withKid).sign(), key);
    compare(proof(key).header("jwk", withKid).sign(), key);

    Map<String, Object> withKeyOps = jwk(key);
    withKeyOps.put("key_ops", List.of("verify"));
    compare(proof(key).header("jwk", withKeyOps).sign(), key);
    compare(proof(key).header("jwk", withKeyOps).sign(), key);

    Map<String, Object> privateMember = jwk(key);
    privateMember.put("d", "AAAA");
    compare(proof(key).header("jwk", privateMember).sign(), key);
  }

  /**
   * Verifies two valid proofs with the caching verifier and checks that the second came from the
   * cache: a cached key hands out the same key object every time, a parsed one a new one.
   */
  void warmUp(TestKey key) throws Exception {
    PublicKey first = cached.verify(request(proof(key).sign(), key)).publicKey();
    PublicKey second = cached.verify(request(proof(key).sign(), key)).publicKey();
    assertThat(second).isSameAs(first);
    plain.verify(request(proof(key).sign(), key));
  }

  void compare(String compact, TestKey boundKey) {
    DpopRequest request = request(compact, boundKey);
    String plainVerdict = verdict(plain, request);
    String cachedVerdict = verdict(cached, request);
    DpopVerifier firstSight =
        DpopVerifier.builder().clock(clock).replayCache(firstSightReplayCache).build();
    String firstSightVerdict = verdict(firstSight, request);
    assertThat(cachedVerdict).as("verdict on a cache hit for %s", compact).isEqualTo(plainVerdict);
    assertThat(firstSightVerdict)
        .as("verdict on a cache miss for %s", compact)
        .isEqualTo(plainVerdict);
    compared++;
  }

  String verdict(DpopVerifier verifier, DpopRequest request) {
    try {
      VerifiedProof proof = verifier.verify(request);
      accepted += verifier == plain ? 1 : 0;
      return "accepted " + proof.thumbprint() + " " + proof.publicJwkJson();
    } catch (DpopException e) {
      if (verifier == plain) {
        refusals.merge(e.reason(), 1, Integer::sum);
      }
      return e.reason().name();
    }
  }

  /** ES256 for ES384: another curve; RS256 for PS256: the same key, another signature scheme. */
  static String otherAlgorithmOfTheSameFamily(TestKey key) {
    return switch (JwsAlgorithm.fromJoseName(key.algorithm()).orElseThrow()) {
      case ES256 -> "ES384";
      case ES384, ES512 -> "ES256";
      case PS256 -> "RS256";
      case PS384 -> "RS384";
      case PS512 -> "RS512";
      case RS256 -> "PS256";
      case RS384 -> "PS384";
      case RS512 -> "PS512";
      case EDDSA -> "Ed25519";
      case ED25519 -> "EdDSA";
      default -> throw new IllegalArgumentException("no family here: " + key.algorithm());
    };
  }

  DpopRequest request(String compact, TestKey boundKey) {
    return DpopRequest.toResourceServer(
        "GET", URI.create(HTU), List.of(compact), TOKEN, boundKey.thumbprint());
  }

  TestProof proof(TestKey key) {
    return key.proof("GET", HTU).issuedAt(clock.instant()).accessToken(TOKEN);
  }

  static List<TestKey> keys(JwsAlgorithm algorithm) {
    return keys(algorithm, KEYS_PER_ALGORITHM);
  }

  static List<TestKey> keys(JwsAlgorithm algorithm, int count) {
    List<TestKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(TestKey.generate(algorithm.joseName()));
    }
    return keys;
  }

  static Map<String, Object> jwk(TestKey key) {
    return new LinkedHashMap<>(
        key.publicJwk().toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
  }

  static String withSignature(String compact, byte[] signature) {
    return compact.substring(0, compact.lastIndexOf('.') + 1) + Base64Url.encode(signature);
  }

  static BigInteger[] rs(String compact, int half) {
    byte[] signature = Base64Url.decode(compact.substring(compact.lastIndexOf('.') + 1));
    return new BigInteger[] {
      new BigInteger(1, signature, 0, half), new BigInteger(1, signature, half, half)
    };
  }

  static byte[] concat(BigInteger r, BigInteger s, int half) {
    byte[] signature = new byte[2 * half];
    place(r, signature, 0, half);
    place(s, signature, half, half);
    return signature;
  }

  /** {@code value} big-endian in {@code length} bytes, its low bytes where it is longer. */
  static void place(BigInteger value, byte[] into, int offset, int length) {
    byte[] bytes = value.toByteArray();
    int copied = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copied, into, offset + length - copied, copied);
  }

  /** The ASN.1 DER form the JDK uses, which JOSE does not allow. */
  static byte[] der(BigInteger r, BigInteger s) {
    byte[] rBytes = r.toByteArray();
    byte[] sBytes = s.toByteArray();
    int contentLength = 4 + rBytes.length + sBytes.length;
    byte[] prefix = contentLength < 128
        ? new byte[] {0x30, (byte) contentLength}
        : new byte[] {0x30, (byte) 0x81, (byte) contentLength};
    byte[] der = Arrays.copyOf(prefix, prefix.length + contentLength);
    int at = prefix.length;
    der[at++] = 0x02;
    der[at++] = (byte) rBytes.length;
    System.arraycopy(rBytes, 0, der, at, rBytes.length);
    at += rBytes.length;
    der[at++] = 0x02;
    der[at++] = (byte) sBytes.length;
    System.arraycopy(sBytes, 0, der, at, sBytes.length);
    return der;
  }
}
