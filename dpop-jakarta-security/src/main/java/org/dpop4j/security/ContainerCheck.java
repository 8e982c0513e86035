package org.dpop4j.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopPrincipal;
import org.dpop4j.servlet.internal.ServletExchange;
import org.dpop4j.servlet.internal.ServletIncomingRequest;

/**
 * The DPoP decision as a container's authentication step takes it, shared by the Jakarta Security
 * mechanism and the Jakarta Authentication module: {@link DpopGate} decides, this class applies
 * the verdict to the servlet request and response.
 *
 * <p>A request without {@code Authorization} and {@code DPoP} headers to a resource the container
 * does not protect is left {@link Untouched}: adding DPoP to an application must not close its
 * public pages. Such a request carries an {@link AnonymousChallenge}, for the case that a
 * runtime's own authorization ({@code @RolesAllowed}) refuses it later. Every other request is
 * checked, so credentials sent to a public page are verified too and a bad proof is refused
 * there as well, as the servlet filter does.
 */
final class ContainerCheck {

  private ContainerCheck() {}

  /** What became of a request. */
  sealed interface Outcome permits Untouched, Authenticated, ProofAccepted, Refused {}

  /** No credentials and no protection: the container goes on as if DPoP were absent. */
  record Untouched() implements Outcome {}

  /** A resource-server request that passed: the container should log {@code caller} in. */
  record Authenticated(DpopPrincipal caller) implements Outcome {
    Authenticated {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /** A token-endpoint request whose proof passed; there is no caller to log in. */
  record ProofAccepted() implements Outcome {}

  /** The refusal has been written to the response, which is committed. */
  record Refused() implements Outcome {}

  /**
   * Checks {@code request}, sets the {@link org.dpop4j.core.http.DpopRequestAttributes} and any
   * {@code DPoP-Nonce} on acceptance, and writes the refusal otherwise.
   *
   * @param protectedResource whether the container demands authentication for this request (a
   *     security constraint, or the application calling {@code authenticate()})
   */
  static Outcome check(
      DpopGate gate,
      HttpServletRequest request,
      HttpServletResponse response,
      boolean protectedResource)
      throws IOException {
    if (!protectedResource
        && request.getHeader("Authorization") == null
        && request.getHeader("DPoP") == null) {
      request.setAttribute(AnonymousChallenge.ATTRIBUTE, new AnonymousChallenge(gate));
      return new Untouched();
    }
    DpopGate.Verdict verdict = gate.check(ServletIncomingRequest.of(request));
    if (verdict instanceof DpopGate.Accepted accepted) {
      ServletExchange.apply(accepted, request, response);
      return accepted instanceof DpopGate.Authenticated authenticated
          ? new Authenticated(authenticated.principal())
          : new ProofAccepted();
    }
    // The response is completed, not merely committed, so that no container error page or login
    // challenge of its own replaces the DPoP challenge: WildFly (Undertow) sends an error page
    // after a failed authentication unless the response is complete, and a merely committed one
    // makes that attempt fail with an error in the server log.
    ServletExchange.write(((DpopGate.Refused) verdict).response(), response);
    response.getOutputStream().close();
    return new Refused();
  }
}
