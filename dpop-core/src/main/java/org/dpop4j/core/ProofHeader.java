package org.dpop4j.core;

import java.util.List;
import java.util.Set;
import org.dpop4j.core.internal.CompactProof;

/** The checks of a proof before its key is read (RFC 9449 §4.3 steps 1 to 6). */
final class ProofHeader {

  private ProofHeader() {}

  /**
   * The one proof of {@code values}, every {@code DPoP} header value received, stripped.
   *
   * @throws DpopException for none, more than one, or one longer than {@code maxLength}
   */
  static String singleProof(List<String> values, int maxLength) throws DpopException {
    if (values.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_PROOF);
    }
    if (values.size() > 1) {
      throw new DpopException(RefusalReason.MULTIPLE_PROOFS);
    }
    String value = values.get(0).strip();
    if (value.length() > maxLength) {
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

  /**
   * The proof's algorithm, once its {@code typ}, {@code alg} and {@code crit} are checked.
   *
   * @throws DpopException naming the check the header failed
   */
  static JwsAlgorithm algorithm(CompactProof proof, Set<JwsAlgorithm> allowedAlgorithms)
      throws DpopException {
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
}
