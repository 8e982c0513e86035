package org.dpop4j.core.internal;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.mldsa.BCMLDSAPublicKey;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;

/**
 * An ML-DSA public key from an {@code AKP} JWK (RFC 9964, draft-ietf-cose-dilithium), verified
 * with BouncyCastle's lightweight API. jose4j knows neither the key type nor the algorithms, so
 * this class parses the JWK, computes its thumbprint and checks signatures itself. No security
 * provider is registered.
 */
public final class MlDsaPublicKey {

  /** FIPS 204 Table 2: the encoded sizes of each parameter set, which RFC 9964 requires exactly. */
  private record ParameterSet(MLDSAParameters parameters, int publicKeyBytes, int signatureBytes) {

    static ParameterSet of(JwsAlgorithm algorithm) {
      return switch (algorithm) {
        case ML_DSA_44 -> new ParameterSet(MLDSAParameters.ml_dsa_44, 1312, 2420);
        case ML_DSA_65 -> new ParameterSet(MLDSAParameters.ml_dsa_65, 1952, 3309);
        case ML_DSA_87 -> new ParameterSet(MLDSAParameters.ml_dsa_87, 2592, 4627);
        default -> throw new IllegalArgumentException(algorithm + " is not ML-DSA");
      };
    }
  }

  private static final int RHO_BYTES = 32;

  private final JwsAlgorithm algorithm;
  private final ParameterSet parameterSet;
  private final MLDSAPublicKeyParameters key;
  // The pub member as received, which parse() has checked to be the canonical encoding.
  private final String pub;

  private MlDsaPublicKey(
      JwsAlgorithm algorithm, ParameterSet parameterSet, MLDSAPublicKeyParameters key, String pub) {
    this.algorithm = algorithm;
    this.parameterSet = parameterSet;
    this.key = key;
    this.pub = pub;
  }

  /**
   * The key of an {@code AKP} JWK whose {@code kty} and {@code alg} the verifier has already
   * matched to {@code algorithm}, and that holds no private member.
   *
   * @throws DpopException {@link RefusalReason#INVALID_JWK} unless {@code pub} is unpadded
   *     base64url, canonically encoded, of exactly the parameter set's public-key length;
   *     {@link RefusalReason#WEAK_KEY} for a key anyone can sign for
   */
  public static MlDsaPublicKey parse(Map<?, ?> members, JwsAlgorithm algorithm) throws DpopException {
    ParameterSet parameterSet = ParameterSet.of(algorithm);
    if (!(members.get("pub") instanceof String pub)) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    byte[] encoded;
    try {
      encoded = Base64.getUrlDecoder().decode(pub);
    } catch (IllegalArgumentException e) {
      throw new DpopException(RefusalReason.INVALID_JWK, e);
    }
    // Re-encoding refuses padding and stray low bits, so each key has exactly one pub, and so one
    // thumbprint: otherwise a client could present one key under many jkt values.
    if (encoded.length != parameterSet.publicKeyBytes()
        || !Digests.base64Url(encoded).equals(pub)) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    if (hasZeroT1(encoded)) {
      throw new DpopException(RefusalReason.WEAK_KEY);
    }
    return new MlDsaPublicKey(
        algorithm,
        parameterSet,
        new MLDSAPublicKeyParameters(parameterSet.parameters(), encoded),
        pub);
  }

  /**
   * Whether the key's {@code t1} (everything after the 32-byte seed {@code rho}, FIPS 204
   * Algorithm 22) is zero. Verification then computes {@code w'} = A·z without {@code c}, so anyone
   * signs: pick a short {@code z}, no hints, and hash {@code HighBits(A·z)} into {@code c~}. An
   * honestly generated key has a zero {@code t1} with negligible probability. No other structural
   * check is known to matter: FIPS 204 defines no public-key validation beyond the length.
   */
  private static boolean hasZeroT1(byte[] encoded) {
    for (int i = RHO_BYTES; i < encoded.length; i++) {
      if (encoded[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code signature} is a pure ML-DSA signature with the empty context over {@code
   * signingInput}, as RFC 9964 §5 requires of JOSE. A signature of another length is refused
   * before any arithmetic.
   */
  public boolean verify(byte[] signingInput, byte[] signature) {
    if (signature.length != parameterSet.signatureBytes()) {
      return false;
    }
    MLDSASigner verifier = new MLDSASigner();
    // Plain key parameters, not ParametersWithContext: BouncyCastle then uses the empty context.
    verifier.init(false, key);
    verifier.update(signingInput, 0, signingInput.length);
    return verifier.verifySignature(signature);
  }

  /**
   * The RFC 7638 SHA-256 thumbprint, base64url, over the required members in lexicographic order:
   * {@code alg}, {@code kty}, {@code pub} (RFC 9964 §6). No value needs JSON escaping.
   */
  public String thumbprint() {
    return thumbprint(algorithm, pub);
  }

  /**
   * The thumbprint of the {@code AKP} key {@code pub} (unpadded base64url) under {@code algorithm},
   * as {@link #thumbprint()}: for dpop-jca, which signs with such keys and binds tokens to them.
   */
  public static String thumbprint(JwsAlgorithm algorithm, String pub) {
    String required =
        "{\"alg\":\"" + algorithm.joseName() + "\",\"kty\":\"AKP\",\"pub\":\"" + pub + "\"}";
    return Digests.sha256Base64Url(required);
  }

  /** The public JWK, as the proof carried its required members. */
  public String toJson() {
    return "{\"kty\":\"AKP\",\"alg\":\"" + algorithm.joseName() + "\",\"pub\":\"" + pub + "\"}";
  }

  /** The key as a JCA key of BouncyCastle's, for callers that hand it on. */
  public PublicKey publicKey() {
    return new BCMLDSAPublicKey(key);
  }
}
