package org.dpop4j.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopRequestAttributes;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.servlet.internal.ServletIncomingRequest;

/**
 * How to challenge a request that the container's authentication step let through anonymously,
 * left on the request as the attribute {@value #ATTRIBUTE} by {@link ContainerCheck}. A runtime's
 * own authorization may refuse such a request later ({@code @RolesAllowed} on a JAX-RS resource or
 * an EJB, which the web container does not know as protected); the exception mappers then answer
 * with this challenge instead of a 403.
 *
 * <p>A request attribute rather than a CDI lookup, so that the mappers find the gate that checked
 * this very request wherever it came from: the Jakarta Security mechanism (WildFly) or the
 * Jakarta Authentication module on a container without CDI (Tomcat with Jersey).
 */
final class AnonymousChallenge {

  /** The request attribute holding the challenge. */
  static final String ATTRIBUTE = AnonymousChallenge.class.getName();

  private final DpopGate gate;

  AnonymousChallenge(DpopGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /**
   * The challenge for {@code request}, or empty when it is not anonymous after all: no DPoP
   * authentication left a challenge, the container knows a user (a DPoP caller or any other), or
   * the request carries credentials (which the authentication step checked already). Such a
   * refusal stays the runtime's 403.
   */
  static Optional<HttpRefusal> answer(HttpServletRequest request) {
    if (request == null
        || !(request.getAttribute(ATTRIBUTE) instanceof AnonymousChallenge challenge)
        || request.getUserPrincipal() != null
        || request.getAttribute(DpopRequestAttributes.PRINCIPAL) != null
        || request.getHeader("Authorization") != null
        || request.getHeader("DPoP") != null) {
      return Optional.empty();
    }
    return challenge.gate.check(ServletIncomingRequest.of(request))
            instanceof DpopGate.Refused refused
        ? Optional.of(refused.response())
        : Optional.empty();
  }
}
