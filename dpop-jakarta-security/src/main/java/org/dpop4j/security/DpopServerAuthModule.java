package org.dpop4j.security;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.dpop4j.core.http.DpopGate;
import org.dpop4j.core.http.DpopPrincipal;

/**
 * DPoP (RFC 9449) as a Jakarta Authentication 3.0 server authentication module (Servlet
 * Container Profile), for containers without Jakarta Security such as Tomcat. It decides as
 * {@link DpopAuthenticationMechanism} does and reports the caller through {@link
 * CallerPrincipalCallback} (a {@link DpopPrincipal}) and {@link GroupPrincipalCallback} (the roles
 * claim), so that security constraints and {@code isUserInRole} see it.
 *
 * <p>It is its own {@link ServerAuthContext}: {@link DpopAuthConfigProvider} hands it to the
 * container. Register the provider as {@link DpopAuthConfigProvider} and {@link
 * DpopAuthenticationRegistration} describe.
 */
public final class DpopServerAuthModule implements ServerAuthModule, ServerAuthContext {

  /** The Servlet Container Profile's key for whether the resource demands authentication. */
  static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";

  /** The Servlet Container Profile's key for the value of {@code getAuthType()}. */
  static final String AUTH_TYPE = "jakarta.servlet.http.authType";

  /** What {@code getAuthType()} returns where the container honours {@value #AUTH_TYPE}. */
  public static final String DPOP_AUTH_TYPE = "DPoP";

  private static final Class<?>[] SUPPORTED_MESSAGE_TYPES = {
    HttpServletRequest.class, HttpServletResponse.class
  };

  private final DpopGate gate;
  private volatile CallbackHandler handler;

  /** A module deciding with {@code gate}; the container calls {@link #initialize} next. */
  public DpopServerAuthModule(DpopGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  @Override
  public void initialize(
      MessagePolicy requestPolicy,
      MessagePolicy responsePolicy,
      CallbackHandler handler,
      @SuppressWarnings("rawtypes") Map options) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public Class<?>[] getSupportedMessageTypes() {
    return SUPPORTED_MESSAGE_TYPES.clone();
  }

  @Override
  public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service)
      throws AuthException {
    if (!(message.getRequestMessage() instanceof HttpServletRequest request)
        || !(message.getResponseMessage() instanceof HttpServletResponse response)) {
      throw new AuthException("the DPoP module authenticates HTTP servlet requests only");
    }
    boolean mandatory = Boolean.parseBoolean(String.valueOf(message.getMap().get(IS_MANDATORY)));
    ContainerCheck.Outcome outcome;
    try {
      outcome = ContainerCheck.check(gate, request, response, mandatory);
    } catch (IOException e) {
      throw failure("writing the DPoP refusal failed", e);
    }
    if (outcome instanceof ContainerCheck.Refused) {
      return AuthStatus.SEND_FAILURE;
    }
    if (outcome instanceof ContainerCheck.Authenticated authenticated) {
      DpopPrincipal caller = authenticated.caller();
      setAuthType(message);
      handle(
          new CallerPrincipalCallback(client, caller),
          new GroupPrincipalCallback(client, caller.roles().toArray(String[]::new)));
    } else {
      // The profile's way to say "no caller": a null principal, and the request goes on.
      handle(new CallerPrincipalCallback(client, (Principal) null));
    }
    return AuthStatus.SUCCESS;
  }

  @SuppressWarnings("unchecked")
  private static void setAuthType(MessageInfo message) {
    message.getMap().put(AUTH_TYPE, DPOP_AUTH_TYPE);
  }

  /** Both callbacks in one call: a container may build the caller from each call's callbacks. */
  private void handle(Callback... callbacks) throws AuthException {
    CallbackHandler current = handler;
    if (current == null) {
      throw new AuthException("the DPoP module was used before initialize");
    }
    try {
      current.handle(callbacks);
    } catch (IOException | UnsupportedCallbackException e) {
      throw failure("the container refused the DPoP caller", e);
    }
  }

  /** Nothing to add to a response: the nonce header was set while validating. */
  @Override
  public AuthStatus secureResponse(MessageInfo message, Subject service) {
    return AuthStatus.SEND_SUCCESS;
  }

  @Override
  public void cleanSubject(MessageInfo message, Subject subject) {
    if (subject != null) {
      subject.getPrincipals().removeIf(DpopPrincipal.class::isInstance);
    }
  }

  private static AuthException failure(String message, Exception cause) {
    AuthException failure = new AuthException(message);
    failure.initCause(cause);
    return failure;
  }
}
