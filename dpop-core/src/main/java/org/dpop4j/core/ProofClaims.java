package org.dpop4j.core;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.dpop4j.core.internal.Diagnostics;
import org.dpop4j.core.internal.Digests;
import org.dpop4j.core.internal.HtuNormalizer;
import org.dpop4j.core.nonce.NonceService;

/**
 * The checks of a proof's claims (RFC 9449 §4.3 steps 9 to 12), each refused with its own {@link
 * RefusalReason}, as a {@link DpopVerifier} configures them.
 */
final class ProofClaims {

  private final Duration maxAge;
  private final Duration clockSkew;
  private final int maxJtiLength;
  // Null when proofs need no nonce.
  private final NonceService nonceService;

  ProofClaims(Duration maxAge, Duration clockSkew, int maxJtiLength, NonceService nonceService) {
    this.maxAge = maxAge;
    this.clockSkew = clockSkew;
    this.maxJtiLength = maxJtiLength;
    this.nonceService = nonceService;
  }

  /** The last instant a proof issued at {@code issuedAt} is accepted. */
  Instant acceptedUntil(Instant issuedAt) {
    return issuedAt.plus(maxAge).plus(clockSkew);
  }

  String checkJti(Map<String, Object> claims) throws DpopException {
    if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_JTI);
    }
    if (jti.length() > maxJtiLength) {
      throw new DpopException(RefusalReason.JTI_TOO_LONG);
    }
    return jti;
  }

  static String checkHtm(Map<String, Object> claims, String method) throws DpopException {
    if (!(claims.get("htm") instanceof String htm)) {
      throw new DpopException(RefusalReason.MISSING_HTM);
    }
    if (!htm.equals(method)) {
      throw new DpopException(RefusalReason.HTM_MISMATCH);
    }
    return htm;
  }

  static String checkHtu(Map<String, Object> claims, URI target) throws DpopException {
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

  Instant checkIat(Map<String, Object> claims, Instant now) throws DpopException {
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

  /** The proof's nonce, null when it carries none and none is required. */
  String checkNonce(Map<String, Object> claims) throws DpopException {
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

  static void checkAth(Map<String, Object> claims, String accessToken) throws DpopException {
    Object ath = claims.get("ath");
    if (ath == null) {
      throw new DpopException(RefusalReason.MISSING_ATH);
    }
    String expected = Digests.ath(accessToken);
    if (!(ath instanceof String athValue) || !Digests.constantTimeEquals(expected, athValue)) {
      throw new DpopException(RefusalReason.ATH_MISMATCH);
    }
  }
}
