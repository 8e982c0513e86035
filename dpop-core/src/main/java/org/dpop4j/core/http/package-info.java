/**
 * What every HTTP adapter shares, so that none of them checks anything itself: {@link
 * org.dpop4j.core.http.DpopGate} takes an {@link org.dpop4j.core.http.IncomingRequest} (built
 * with {@link org.dpop4j.core.http.RequestView}) and gives a verdict by the {@link
 * org.dpop4j.core.http.DpopProtection} it guards with, whose {@link
 * org.dpop4j.core.http.HttpRefusal} every adapter sends as it is, {@link org.dpop4j.core.http.TargetUriResolver} finds the URI a proof's {@code htu}
 * must match (honouring {@code Forwarded} and {@code X-Forwarded-*} from trusted proxies only),
 * and {@link org.dpop4j.core.http.DpopPrincipal} and {@link
 * org.dpop4j.core.http.DpopRequestAttributes} are what an application sees of an accepted request.
 */
package org.dpop4j.core.http;
