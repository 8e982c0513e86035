package org.dpop4j.core.http;

import java.util.Optional;
import java.util.function.BiFunction;
import org.dpop4j.core.DpopError;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.nonce.NonceService;

/** The {@code DPoP-Nonce} values both protections send, on refusals and on success. */
final class Nonces {

  private Nonces() {}

  static Optional<String> toOffer(DpopVerifier verifier, VerifiedProof proof) {
    Optional<NonceService> nonceService = verifier.nonceService();
    if (nonceService.isEmpty() || proof.nonce().isEmpty()) {
      return Optional.empty();
    }
    return nonceService.get().check(proof.nonce().get()) == NonceService.Check.CURRENT
        ? Optional.empty()
        : Optional.of(nonceService.get().currentNonce());
  }

  /**
   * Renders {@code refusal} with the current nonce when proofs need one (not for a 503, whose
   * client should retry later rather than now).
   *
   * @param render the protection's response for a reason and the nonce to send
   */
  static HttpRefusal refusal(
      DpopVerifier verifier,
      DpopException refusal,
      BiFunction<RefusalReason, Optional<String>, HttpRefusal> render) {
    Optional<String> nonce = Optional.empty();
    Optional<NonceService> nonceService = verifier.nonceService();
    if (nonceService.isPresent() && refusal.error() != DpopError.TEMPORARILY_UNAVAILABLE) {
      try {
        nonce = Optional.of(nonceService.get().currentNonce());
      } catch (RuntimeException e) {
        // The nonce key is unusable (an HSM that went away): refuse without one, never fail.
        if (refusal.error() == DpopError.USE_DPOP_NONCE) {
          return render.apply(RefusalReason.INTERNAL_FAILURE, nonce);
        }
      }
    }
    return render.apply(refusal.reason(), nonce);
  }
}
