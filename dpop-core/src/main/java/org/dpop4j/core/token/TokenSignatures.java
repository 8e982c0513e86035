package org.dpop4j.core.token;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.Ed25519Key;
import org.dpop4j.core.internal.PrecomputedEcdsaKey;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Checks access token signatures by ECDSA (ES256, ES384, ES512) and Ed25519 with the same
 * BouncyCastle code as proof keys, {@link PrecomputedEcdsaKey} and {@link Ed25519Key}, each
 * authorization server key decoded once and kept with its precomputed table: JDK 17's SunEC
 * costs about 900 µs per ES256 token here. Everything else, RSA, a token with {@code crit} or
 * {@code b64}, a key the resolver cannot find, is left to jose4j and the JDK, which then decide as
 * they always did, but for one thing: an ECDSA or EdDSA signature of any other length than its
 * key's is refused here first, whichever code would check it.
 *
 * <p>It works on jose4j's first, unverified parse of the token; when this class has verified the
 * signature, jose4j checks the claims of that parse and skips only its own signature check.
 */
final class TokenSignatures {

  /** More keys than any JWKS holds; when full, the kept keys are dropped and decoded again. */
  private static final int MAXIMUM_KEYS = 64;

  private static final int ED448_SIGNATURE_LENGTH = 114;

  private final VerificationKeyResolver keyResolver;
  private final Set<JwsAlgorithm> algorithms;
  // Guarded by itself; keys compare by value, so a JWKS fetched again finds its decoded keys.
  private final Map<Key, Object> decodedKeys = new LinkedHashMap<>();

  TokenSignatures(VerificationKeyResolver keyResolver, Set<JwsAlgorithm> algorithms) {
    this.keyResolver = keyResolver;
    this.algorithms = algorithms;
  }

  /**
   * Whether this class checked the signature of {@code context}, parsed from {@code token}: true
   * when it verified, false when it is jose4j's to check.
   *
   * @throws DpopException {@link RefusalReason#TOKEN_BAD_SIGNATURE} when the signature does not
   *     verify, or an ECDSA or EdDSA signature has another length than its key's
   */
  boolean verified(JwtContext context, String token) throws DpopException {
    List<JsonWebStructure> joseObjects = context.getJoseObjects();
    if (joseObjects.size() != 1 || !(joseObjects.get(0) instanceof JsonWebSignature jws)) {
      return false;
    }
    JwsAlgorithm algorithm = fastAlgorithm(jws.getAlgorithmHeaderValue());
    if (algorithm == null || !algorithms.contains(algorithm)) {
      return false;
    }
    Key key = resolvedKey(jws, joseObjects, algorithm);
    if (key == null) {
      return false;
    }
    byte[] signature = Base64Url.decode(jws.getEncodedSignature());
    // Whatever checks the signature next: the JDK ignores bytes after an Ed25519 signature's 64,
    // jose4j halves an ECDSA signature of any shorter length; either way one signed token could
    // be sent as many strings, each accepted, each cached on its own.
    if (signature.length != signatureLength(key)) {
      throw new DpopException(RefusalReason.TOKEN_BAD_SIGNATURE);
    }
    if (jws.getHeaders().getObjectHeaderValue("crit") != null
        || jws.getHeaders().getObjectHeaderValue("b64") != null) {
      return false;
    }
    Object decoded = decodedKey(key, algorithm);
    if (decoded == null) {
      return false;
    }
    byte[] signingInput =
        token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    boolean valid =
        decoded instanceof PrecomputedEcdsaKey ecdsa
            ? ecdsa.verify(signingInput, signature, algorithm)
            : ((Ed25519Key) decoded).verify(signingInput, signature);
    if (!valid) {
      throw new DpopException(RefusalReason.TOKEN_BAD_SIGNATURE);
    }
    return true;
  }

  /**
   * The one length of a signature by {@code key}: R||S of the curve's size for ECDSA (RFC 7518
   * §3.4), 64 bytes for Ed25519 and 114 for Ed448 (RFC 8032 §5.1.6, §5.2.6); jose4j has checked
   * that the key is one of these for the token's {@code alg}.
   */
  private static int signatureLength(Key key) {
    if (key instanceof ECPublicKey ec) {
      return 2 * ((ec.getParams().getCurve().getField().getFieldSize() + 7) / 8);
    }
    if (key instanceof EdECPublicKey ed && "Ed448".equals(ed.getParams().getName())) {
      return ED448_SIGNATURE_LENGTH;
    }
    return Ed25519Key.signatureLength();
  }

  /** The algorithm of {@code alg} when this class verifies it: ECDSA or Ed25519; else null. */
  private static JwsAlgorithm fastAlgorithm(String alg) {
    return JwsAlgorithm.fromJoseName(alg)
        .filter(algorithm -> algorithm.keyType().equals("EC") || algorithm.keyType().equals("OKP"))
        .orElse(null);
  }

  /**
   * The resolver's key for the token, checked against {@code alg} as jose4j checks it; null when
   * the resolver finds none or the key does not suit the algorithm.
   */
  private Key resolvedKey(
      JsonWebSignature jws, List<JsonWebStructure> nesting, JwsAlgorithm algorithm) {
    try {
      Key key = keyResolver.resolveKey(jws, nesting);
      AlgorithmFactoryFactory.getInstance()
          .getJwsAlgorithmFactory()
          .getAlgorithm(algorithm.joseName())
          .validateVerificationKey(key);
      return key;
    } catch (JoseException | RuntimeException e) {
      // jose4j resolves the key again and refuses the token with its own reason.
      return null;
    }
  }

  /** {@code key} decoded for BouncyCastle, once per key; null when it is not for this class. */
  private Object decodedKey(Key key, JwsAlgorithm algorithm) {
    synchronized (decodedKeys) {
      Object known = decodedKeys.get(key);
      if (known != null) {
        return known;
      }
    }
    Object decoded = decode(key, algorithm);
    if (decoded != null) {
      synchronized (decodedKeys) {
        if (decodedKeys.size() >= MAXIMUM_KEYS) {
          decodedKeys.clear();
        }
        decodedKeys.put(key, decoded);
      }
    }
    return decoded;
  }

  private static Object decode(Key key, JwsAlgorithm algorithm) {
    try {
      if (key instanceof ECPublicKey ec && algorithm.keyType().equals("EC")) {
        return PrecomputedEcdsaKey.of(algorithm.curve().orElseThrow(), ec);
      }
      if (key instanceof EdECPublicKey ed && "Ed25519".equals(ed.getParams().getName())) {
        return Ed25519Key.of(ed);
      }
    } catch (RuntimeException e) {
      // Not a point BouncyCastle takes: jose4j and the JDK decide.
    }
    return null;
  }
}
