package org.dpop4j.core.http;

import java.net.URI;
import java.util.List;
import org.dpop4j.core.Diagnostics;
import org.dpop4j.core.RefusalReason;
import org.slf4j.Logger;

/**
 * Explains an {@code htu} refusal on the opt-in diagnostic logger: the target URI the server
 * computed and whether a trusted proxy's forwarding header went into it, the two things a proof's
 * {@code htu} is compared with and that a deployment behind a proxy most often gets wrong.
 */
final class RefusalDiagnostics {

  private static final List<String> FORWARDING_HEADERS =
      List.of("Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port");

  private RefusalDiagnostics() {}

  /** {@code targetUri} is null when the request URL or a forwarding header formed none. */
  static void explain(
      RefusalReason reason, IncomingRequest request, TargetUriResolver resolver, URI targetUri) {
    Logger log = Diagnostics.LOG;
    if (!log.isDebugEnabled()
        || (reason != RefusalReason.HTU_MISMATCH && reason != RefusalReason.INVALID_HTU)) {
      return;
    }
    boolean fromTrustedProxy = request.peerAddress().filter(resolver::isTrustedProxy).isPresent();
    boolean forwardingHeaderSent =
        FORWARDING_HEADERS.stream().anyMatch(name -> !request.headerValues(name).isEmpty());
    log.debug(
        "{}: the server computed the target URI {}; forwarding headers {}",
        reason,
        targetUri == null ? "(none: the request URL is not an http(s) URI)"
            : Diagnostics.quote(targetUri.toString()),
        fromTrustedProxy && forwardingHeaderSent
            ? "were used (the peer is a trusted proxy)"
            : forwardingHeaderSent
                ? "were sent but ignored (the peer is not a trusted proxy)"
                : "were not sent");
  }
}
