package org.dpop4j.core.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.DpopAuthentication;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopMode;
import org.dpop4j.core.DpopRequest;
import org.dpop4j.core.HttpRefusal;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.VerifiedProof;
import org.dpop4j.core.config.DpopSettings;
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

  private final DpopSettings settings;

  private DpopGate(DpopSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * A gate for {@code settings}; created once per protected application, so it warns once when
   * {@value DpopSettings#PUBLIC_BASE_URI} is not set.
   */
  public static DpopGate of(DpopSettings settings) {
    DpopGate gate = new DpopGate(settings);
    if (!settings.targetUriResolver().hasPublicBaseUris()) {
      LOG.warn(
          "DPoP {}: {} is not set, so the request's Host header (or a trusted proxy) decides the"
              + " URI a proof must name: a proof and token captured at another deployment that"
              + " accepts the same tokens are accepted here when the request names that host",
          settings.mode(),
          DpopSettings.PUBLIC_BASE_URI);
    }
    return gate;
  }

  public DpopSettings settings() {
    return settings;
  }

  /** What to do with a request. */
  public sealed interface Verdict permits Accepted, Refused {}

  /**
   * Let the request through.
   *
   * @param targetUri the URI the proof was checked against; its scheme tells whether the client
   *     used https, also behind a trusted proxy
   * @param proof the verified proof
   * @param principal the caller, at a resource server; empty at a token endpoint
   * @param nonceToOffer a {@code DPoP-Nonce} to send with the response
   * @param attributes request attributes to set, named by {@link DpopRequestAttributes}
   */
  public record Accepted(
      URI targetUri,
      VerifiedProof proof,
      Optional<DpopPrincipal> principal,
      Optional<String> nonceToOffer,
      Map<String, Object> attributes)
      implements Verdict {

    public Accepted {
      Objects.requireNonNull(targetUri, "targetUri");
      Objects.requireNonNull(proof, "proof");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(nonceToOffer, "nonceToOffer");
      attributes = Map.copyOf(attributes);
    }

    /** Whether the client reached the server over https. */
    public boolean secure() {
      return "https".equalsIgnoreCase(targetUri.getScheme());
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
      targetUri = settings.targetUriResolver().resolve(request);
      Optional<DpopAuthenticator> authenticator = settings.authenticator();
      return authenticator.isPresent()
          ? acceptResourceRequest(authenticator.get(), request, targetUri)
          : acceptTokenRequest(request, targetUri);
    } catch (DpopException e) {
      LOG.info(
          "DPoP {} refused a request from {}: {}",
          settings.mode(),
          request.peerAddress().orElse("an unknown peer"),
          e.reason());
      RefusalDiagnostics.explain(e.reason(), request, settings.targetUriResolver(), targetUri);
      return new Refused(settings.verifier().refusal(e, settings.mode()));
    } catch (RuntimeException e) {
      // The message may quote request data, so only the class is logged above DEBUG.
      LOG.warn(
          "DPoP {} check failed unexpectedly ({}); refused as temporarily unavailable",
          settings.mode(),
          e.getClass().getName());
      LOG.debug("DPoP check failure", e);
      DpopException unavailable =
          new DpopException(RefusalReason.INTERNAL_FAILURE, e);
      return new Refused(settings.verifier().refusal(unavailable, settings.mode()));
    }
  }

  private Accepted acceptResourceRequest(
      DpopAuthenticator authenticator, IncomingRequest request, URI targetUri)
      throws DpopException {
    DpopAuthentication authentication =
        authenticator.authenticate(
            request.method(),
            targetUri,
            request.headerValues("Authorization"),
            request.headerValues("DPoP"));
    AccessToken token = authentication.accessToken();
    VerifiedProof proof = authentication.proof();
    DpopPrincipal principal =
        new DpopPrincipal(token, proof, settings.roleMapping().roles(token));
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put(DpopRequestAttributes.PROOF, proof);
    attributes.put(DpopRequestAttributes.JKT, proof.thumbprint());
    attributes.put(DpopRequestAttributes.ACCESS_TOKEN, token);
    attributes.put(DpopRequestAttributes.CLAIMS, token.claims());
    attributes.put(DpopRequestAttributes.PRINCIPAL, principal);
    return new Accepted(
        targetUri,
        proof,
        Optional.of(principal),
        authenticator.nonceToOffer(authentication),
        attributes);
  }

  private Accepted acceptTokenRequest(IncomingRequest request, URI targetUri)
      throws DpopException {
    Optional<String> codeBoundTo = Optional.empty();
    if (settings.authorizationCodeBinding().isPresent()) {
      codeBoundTo = codeBinding(settings.authorizationCodeBinding().get(), request);
    }
    List<String> dpopValues = request.headerValues("DPoP");
    VerifiedProof proof =
        settings
            .verifier()
            .verify(
                codeBoundTo.isPresent()
                    ? DpopRequest.toTokenEndpoint(
                        request.method(), targetUri, dpopValues, codeBoundTo.get())
                    : DpopRequest.toTokenEndpoint(request.method(), targetUri, dpopValues));
    return new Accepted(
        targetUri,
        proof,
        Optional.empty(),
        settings.verifier().nonceToOffer(proof),
        Map.of(DpopRequestAttributes.PROOF, proof, DpopRequestAttributes.JKT, proof.thumbprint()));
  }

  /**
   * The key the request's authorization code is bound to, as the authorization server stored it
   * (RFC 9449 §10); any {@code dpop_jkt} parameter of the token request itself is ignored, since
   * whoever redeems a stolen code writes the request. Every {@code code} is looked up, whatever
   * the {@code grant_type} says, so that no spelling of the grant type skips the check.
   */
  private static Optional<String> codeBinding(
      AuthorizationCodeBinding binding, IncomingRequest request) throws DpopException {
    // Every token request names its grant type (RFC 6749 §4.1.3); an adapter that cannot see it
    // (a JAX-RS filter sees no form body) cannot see the code either, so refuse, never skip.
    if (singleParameter(request, "grant_type").isEmpty()) {
      throw new DpopException(RefusalReason.MISSING_GRANT_TYPE);
    }
    Optional<String> code = singleParameter(request, "code");
    if (code.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> boundTo;
    try {
      boundTo = binding.boundDpopJkt(code.get());
    } catch (RuntimeException e) {
      throw new DpopException(RefusalReason.CODE_BINDING_UNAVAILABLE, e);
    }
    if (boundTo == null) {
      throw new DpopException(
          RefusalReason.CODE_BINDING_UNAVAILABLE,
          new IllegalStateException(binding.getClass().getName() + " returned null"));
    }
    return boundTo;
  }

  private static Optional<String> singleParameter(IncomingRequest request, String name)
      throws DpopException {
    List<String> values = request.parameterValues(name);
    if (values.size() > 1) {
      // RFC 6749 §3.1: a parameter must not be repeated; which one the server uses is a guess.
      throw new DpopException(RefusalReason.REPEATED_PARAMETER);
    }
    return values.stream().findFirst();
  }
}
