package org.dpop4j.core.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.DpopAuthentication;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole DPoP decision for one HTTP request, shared by every adapter: an adapter describes its
 * request as an {@link IncomingRequest} and turns the {@link Verdict} into its own response, so
 * the servlet filter and the JAX-RS filter check and answer identically.
 *
 * <p>Every refusal is logged as one INFO line naming its {@link RefusalReason} and the peer
 * address the container reported, never request data. An unexpected {@link RuntimeException}
 * from a validator or a cache is a refusal too (503, {@code temporarily_unavailable}, logged at
 * WARN with its class only): a broken check must neither let the request through nor show the
 * client a stack trace. Thread-safe.
 */
public final class DpopGate {

  private static final Logger LOG = LoggerFactory.getLogger(DpopGate.class);

  private final DpopProtection protection;
  /** The name the log gives the protection, as before protections had types. */
  private final String logName;

  private DpopGate(DpopProtection protection) {
    this.protection = Objects.requireNonNull(protection, "protection");
    this.logName =
        protection instanceof ResourceServerProtection ? "RESOURCE_SERVER" : "TOKEN_ENDPOINT";
  }

  /**
   * A gate for {@code protection}; created once per protected application, so it warns once when
   * no public base URI is configured ({@code dpop.public-base-uri}).
   */
  public static DpopGate of(DpopProtection protection) {
    DpopGate gate = new DpopGate(protection);
    if (!protection.targetUriResolver().hasPublicBaseUris()) {
      LOG.warn(
          "DPoP {}: {} is not set, so the request's Host header (or a trusted proxy) decides the"
              + " URI a proof must name: a proof and token captured at another deployment that"
              + " accepts the same tokens are accepted here when the request names that host",
          gate.logName,
          "dpop.public-base-uri");
    }
    return gate;
  }

  public DpopProtection protection() {
    return protection;
  }

  /** What to do with a request: {@link Authenticated}, {@link ProofAccepted} or {@link Refused}. */
  public sealed interface Verdict permits Accepted, Refused {}

  /** Let the request through. */
  public abstract static sealed class Accepted implements Verdict
      permits Authenticated, ProofAccepted {
    private final URI targetUri;
    private final VerifiedProof proof;
    private final Optional<String> nonceToOffer;
    private final Map<String, Object> attributes;

    private Accepted(
        URI targetUri,
        VerifiedProof proof,
        Optional<String> nonceToOffer,
        Map<String, Object> attributes) {
      this.targetUri = targetUri;
      this.proof = proof;
      this.nonceToOffer = nonceToOffer;
      this.attributes = Map.copyOf(attributes);
    }

    /**
     * The URI the proof was checked against; its scheme tells whether the client used https, also
     * behind a trusted proxy.
     */
    public URI targetUri() {
      return targetUri;
    }

    public VerifiedProof proof() {
      return proof;
    }

    /** A {@code DPoP-Nonce} to send with the response. */
    public Optional<String> nonceToOffer() {
      return nonceToOffer;
    }

    /** Request attributes to set, named by {@link DpopRequestAttributes}. */
    public Map<String, Object> attributes() {
      return attributes;
    }

    /** Whether the client reached the server over https. */
    public boolean secure() {
      return "https".equalsIgnoreCase(targetUri.getScheme());
    }
  }

  /** A resource request that passed: the application's caller is {@link #principal()}. */
  public static final class Authenticated extends Accepted {
    private final DpopPrincipal principal;

    private Authenticated(
        URI targetUri,
        DpopPrincipal principal,
        Optional<String> nonceToOffer,
        Map<String, Object> attributes) {
      super(targetUri, principal.proof(), nonceToOffer, attributes);
      this.principal = principal;
    }

    public DpopPrincipal principal() {
      return principal;
    }
  }

  /** A token request whose proof passed; there is no caller, only the proof's key to bind. */
  public static final class ProofAccepted extends Accepted {
    private ProofAccepted(
        URI targetUri,
        VerifiedProof proof,
        Optional<String> nonceToOffer,
        Map<String, Object> attributes) {
      super(targetUri, proof, nonceToOffer, attributes);
    }
  }

  /** Answer with {@code response} and do not pass the request on. */
  public record Refused(HttpRefusal response) implements Verdict {
    public Refused {
      Objects.requireNonNull(response, "response");
    }
  }

  /** Checks {@code request}; never throws for anything the request contains. */
  public Verdict check(IncomingRequest request) {
    URI targetUri = null;
    try {
      targetUri = protection.targetUriResolver().resolve(request);
      if (protection instanceof ResourceServerProtection resourceServer) {
        return acceptResourceRequest(resourceServer, request, targetUri);
      }
      return acceptTokenRequest((TokenEndpointProtection) protection, request, targetUri);
    } catch (DpopException e) {
      LOG.info(
          "DPoP {} refused a request from {}: {}",
          logName,
          request.peerAddress().orElse("an unknown peer"),
          e.reason());
      RefusalDiagnostics.explain(e.reason(), request, protection.targetUriResolver(), targetUri);
      return new Refused(protection.refusal(e));
    } catch (RuntimeException e) {
      // The message may quote request data, so only the class is logged above DEBUG.
      LOG.warn(
          "DPoP {} check failed unexpectedly ({}); refused as temporarily unavailable",
          logName,
          e.getClass().getName());
      LOG.debug("DPoP check failure", e);
      DpopException unavailable =
          new DpopException(RefusalReason.INTERNAL_FAILURE, e);
      return new Refused(protection.refusal(unavailable));
    }
  }

  private static Authenticated acceptResourceRequest(
      ResourceServerProtection protection, IncomingRequest request, URI targetUri)
      throws DpopException {
    DpopAuthentication authentication =
        protection
            .authenticator()
            .authenticate(
                request.method(),
                targetUri,
                request.headerValues("Authorization"),
                request.headerValues("DPoP"));
    AccessToken token = authentication.accessToken();
    VerifiedProof proof = authentication.proof();
    DpopPrincipal principal =
        new DpopPrincipal(token, proof, protection.roleMapping().roles(token));
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(DpopRequestAttributes.PROOF, proof);
    attributes.put(DpopRequestAttributes.JKT, proof.thumbprint());
    attributes.put(DpopRequestAttributes.ACCESS_TOKEN, token);
    attributes.put(DpopRequestAttributes.CLAIMS, token.claims());
    attributes.put(DpopRequestAttributes.PRINCIPAL, principal);
    return new Authenticated(targetUri, principal, protection.nonceToOffer(proof), attributes);
  }

  private static ProofAccepted acceptTokenRequest(
      TokenEndpointProtection protection, IncomingRequest request, URI targetUri)
      throws DpopException {
    Optional<String> codeBoundTo = protection.codeBoundTo(request);
    List<String> dpopValues = request.headerValues("DPoP");
    VerifiedProof proof =
        protection
            .verifier()
            .verify(
                codeBoundTo.isPresent()
                    ? DpopRequest.toTokenEndpoint(
                        request.method(), targetUri, dpopValues, codeBoundTo.get())
                    : DpopRequest.toTokenEndpoint(request.method(), targetUri, dpopValues));
    return new ProofAccepted(
        targetUri,
        proof,
        protection.nonceToOffer(proof),
        Map.of(DpopRequestAttributes.PROOF, proof, DpopRequestAttributes.JKT, proof.thumbprint()));
  }
}
