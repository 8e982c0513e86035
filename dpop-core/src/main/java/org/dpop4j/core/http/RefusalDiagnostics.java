package org.dpop4j.core.http;

import java.net.URI;
import java.util.List;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.internal.Diagnostics;
import org.slf4j.Logger;

/**
 * Explains an {@code htu} refusal on the opt-in diagnostic logger: the target URI the server
 * computed and whether a trusted proxy's forwarding header went into it, the two things a proof's
 * {@code htu} is compared with and that a deployment behind a proxy most often gets wrong.
 */
final class RefusalDiagnostics {

  private static final List<String> FORWARDED = List.of("Forwarded");
  private static final List<String> X_FORWARDED =
      List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port");

  private RefusalDiagnostics() {}

  /** {@code targetUri} is null when the request URL or a forwarding header formed none. */
  static void explain(
      RefusalReason reason, IncomingRequest request, TargetUriResolver resolver, URI targetUri) {
    Logger log = Diagnostics.LOG;
    if (!log.isDebugEnabled()
        || (reason != RefusalReason.HTU_MISMATCH && reason != RefusalReason.INVALID_HTU)) {
      return;
    }
    log.debug(
        "{}: the server computed the target URI {}; {}{}",
        reason,
        targetUri == null
            ? "(none: the request URL or a forwarding header forms no http(s) URI)"
            : Diagnostics.quote(targetUri.toString()),
        forwarding(request, resolver),
        resolver.hasPublicBaseUris() ? "; it is one of the configured public base URIs" : "");
  }

  private static String forwarding(IncomingRequest request, TargetUriResolver resolver) {
    TrustedProxyHeader trusted = resolver.proxyHeader();
    boolean fromTrustedProxy =
        trusted != null && request.peerAddress().filter(resolver::isTrustedProxy).isPresent();
    List<String> trustedNames = trusted == TrustedProxyHeader.FORWARDED ? FORWARDED : X_FORWARDED;
    if (fromTrustedProxy && sent(request, trustedNames)) {
      return "the trusted proxy's " + trusted.settingValue() + " headers were used";
    }
    if (sent(request, FORWARDED) || sent(request, X_FORWARDED)) {
      return "forwarding headers were sent but ignored (the peer is not a trusted proxy, or they"
          + " are not the kind dpop.trusted-proxy-header names)";
    }
    return "no forwarding header was sent";
  }

  private static boolean sent(IncomingRequest request, List<String> names) {
    return names.stream().anyMatch(name -> !request.headerValues(name).isEmpty());
  }
}
