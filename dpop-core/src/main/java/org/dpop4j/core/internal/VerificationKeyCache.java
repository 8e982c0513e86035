package org.dpop4j.core.internal;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Proof keys seen recently, parsed, validated and ready to verify with: resource servers see the
 * same client keys again and again, and skipping the JWK parsing, point validation and thumbprint,
 * and for ECDSA reusing the key's precomputed table, is where verification gets fast.
 *
 * <p>Entries are found by an encoding of the complete {@code jwk} header parameter, every member
 * name and value. A hit is therefore the very same JWK that was parsed and validated before, so
 * skipping those steps cannot change a verdict. The encoding itself is the key, not a digest of
 * it: no hash to compute per request, and equality is exact rather than up to collisions, for a
 * few hundred characters per cached key (RSA moduli the most) beside its 1-25 KB. (The RFC 7638 thumbprint would not do:
 * it ignores members such as {@code use} that parsing still reads.) A JWK with a member that is
 * not a string is never cached.
 *
 * <p>On a miss the key is parsed and validated as on the plain path, and an ECDSA or Ed25519 key
 * already verifies with BouncyCastle: for ECDSA without its table yet, that is still several times
 * faster than the JDK 17 ECDSA of the plain path, and Ed25519 skips the JDK's slow EdDSA. The key is admitted only after a signature verified with it, so
 * a request with a fresh key costs less than the plain path, and only keys whose holder signed
 * enter the cache. Memory is bounded by
 * {@code maximumSize} keys, kept as a segmented LRU: new keys enter a probation segment, which
 * may use whatever room the protected segment leaves, and a second use promotes a key to the
 * protected segment, which holds at most four fifths. When full, the eldest probation key goes.
 * A stream of fresh keys therefore only churns probation and cannot push out the keys in steady
 * use, while many clients taking turns still all fit as long as they fit in the cache.
 */
public final class VerificationKeyCache {

  /** Parses and validates a JWK on the plain path. */
  public interface JwkParser {
    PublicJsonWebKey parse(Map<?, ?> jwkMembers) throws DpopException;
  }

  private final int maximumSize;
  private final int protectedCapacity;
  // Access-ordered, eldest first; both guarded by this.
  private final LinkedHashMap<String, VerificationKey> probation =
      new LinkedHashMap<>(16, 0.75f, true);
  private final LinkedHashMap<String, VerificationKey> protectedSegment =
      new LinkedHashMap<>(16, 0.75f, true);

  /** A cache of at most {@code maximumSize} keys; 0 disables caching. */
  public VerificationKeyCache(int maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative");
    }
    this.maximumSize = maximumSize;
    this.protectedCapacity = maximumSize - Math.max(1, maximumSize / 5);
  }

  /**
   * The cached key for {@code jwkMembers}, or else the key {@code parser} makes of them, which
   * admits itself to this cache once a signature has verified with it. With a maximum size of 0,
   * or a member that is not a string, that is the plain path's key, which verifies through jose4j.
   */
  public VerificationKey keyFor(Map<?, ?> jwkMembers, JwkParser parser) throws DpopException {
    String cacheKey = maximumSize > 0 ? cacheKey(jwkMembers) : null;
    if (cacheKey == null) {
      return VerificationKey.parsed(parser.parse(jwkMembers), null, null, null, null);
    }
    VerificationKey cached = get(cacheKey);
    if (cached != null) {
      return cached;
    }
    PublicJsonWebKey jwk = parser.parse(jwkMembers);
    PrecomputedEcdsaKey precomputedEcdsa =
        jwk instanceof EllipticCurveJsonWebKey ecJwk
            ? PrecomputedEcdsaKey.of(ecJwk.getCurveName(), (ECPublicKey) ecJwk.getPublicKey())
            : null;
    Ed25519Key ed25519 =
        jwk.getPublicKey() instanceof EdECPublicKey edKey
                && Ed25519SignatureAlgorithm.NAME.equals(edKey.getParams().getName())
            ? Ed25519Key.of(edKey)
            : null;
    return VerificationKey.parsed(jwk, precomputedEcdsa, ed25519, this, cacheKey);
  }

  /** Caches {@code key}, parsed and validated, which has just verified a signature. */
  void admit(String cacheKey, VerificationKey key) {
    synchronized (this) {
      if (protectedSegment.containsKey(cacheKey) || probation.containsKey(cacheKey)) {
        return;
      }
      probation.put(cacheKey, key);
      if (probation.size() + protectedSegment.size() > maximumSize) {
        removeEldest(probation);
      }
    }
  }

  /** How many keys are cached. */
  public synchronized int size() {
    return probation.size() + protectedSegment.size();
  }

  private synchronized VerificationKey get(String cacheKey) {
    VerificationKey key = protectedSegment.get(cacheKey);
    if (key != null) {
      return key;
    }
    key = probation.remove(cacheKey);
    if (key != null) {
      protectedSegment.put(cacheKey, key);
      if (protectedSegment.size() > protectedCapacity) {
        Map.Entry<String, VerificationKey> demoted = removeEldest(protectedSegment);
        probation.put(demoted.getKey(), demoted.getValue());
      }
    }
    return key;
  }

  private static Map.Entry<String, VerificationKey> removeEldest(
      LinkedHashMap<String, VerificationKey> segment) {
    Iterator<Map.Entry<String, VerificationKey>> eldestFirst = segment.entrySet().iterator();
    Map.Entry<String, VerificationKey> eldest = eldestFirst.next();
    Map.Entry<String, VerificationKey> removed = Map.entry(eldest.getKey(), eldest.getValue());
    eldestFirst.remove();
    return removed;
  }

  /**
   * Every member, name and value each prefixed with its length so that no two different JWKs
   * share an encoding; null when a member value is not a string.
   */
  private static String cacheKey(Map<?, ?> jwkMembers) {
    StringBuilder encoded = new StringBuilder(512);
    for (Map.Entry<?, ?> member : jwkMembers.entrySet()) {
      if (!(member.getKey() instanceof String name)
          || !(member.getValue() instanceof String value)) {
        return null;
      }
      encoded.append(name.length()).append(':').append(name);
      encoded.append(value.length()).append(':').append(value);
    }
    return encoded.toString();
  }
}
