/**
 * What every HTTP adapter shares, so that none of them checks anything itself: {@link
 * org.dpop4j.core.http.DpopGate} takes an {@link org.dpop4j.core.http.IncomingRequest} and gives
 * a verdict, {@link org.dpop4j.core.http.TargetUriResolver} finds the URI a proof's {@code htu}
 * must match (honouring {@code Forwarded} and {@code X-Forwarded-*} from trusted proxies only),
 * and {@link org.dpop4j.core.http.DpopPrincipal} and {@link
 * org.dpop4j.core.http.DpopRequestAttributes} are what an application sees of an accepted request.
 */
package org.dpop4j.core.http;
