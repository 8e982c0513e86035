package org.dpop4j.security;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the container gives a Jakarta Security mechanism, reduced to what the DPoP mechanism may
 * use: whether the resource is protected or the application called {@code authenticate()}, and
 * the two answers {@code notifyContainerAboutLogin(Principal, Set)} and {@code doNothing()}, which
 * it records and answers as a container does ({@code SUCCESS}, {@code NOT_DONE}). Any other call
 * fails the test.
 */
final class RecordingMessageContext implements InvocationHandler {

  /** One call of the container by the mechanism. */
  record Call(String method, Principal caller, Set<String> groups) {}

  private final boolean protectedResource;
  private final boolean authenticationRequest;
  private final List<Call> calls = new ArrayList<>();
  private final HttpMessageContext context;

  private RecordingMessageContext(boolean protectedResource, boolean authenticationRequest) {
    this.protectedResource = protectedResource;
    this.authenticationRequest = authenticationRequest;
    this.context = (HttpMessageContext) Proxy.newProxyInstance(
        HttpMessageContext.class.getClassLoader(), new Class<?>[] {HttpMessageContext.class}, this);
  }

  /** For a resource the container protects (a security constraint). */
  static RecordingMessageContext protectedResource() {
    return new RecordingMessageContext(true, false);
  }

  /** For a resource the container does not protect, without {@code authenticate()}. */
  static RecordingMessageContext unprotectedResource() {
    return new RecordingMessageContext(false, false);
  }

  /** For an unprotected resource whose application called {@code authenticate()}. */
  static RecordingMessageContext authenticateCalled() {
    return new RecordingMessageContext(false, true);
  }

  HttpMessageContext context() {
    return context;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(Object proxy, Method called, Object[] args) {
    String name = called.getName();
    switch (name) {
      case "isProtected" -> {
        return protectedResource;
      }
      case "isAuthenticationRequest" -> {
        return authenticationRequest;
      }
      case "doNothing" -> {
        calls.add(new Call(name, null, Set.of()));
        return AuthenticationStatus.NOT_DONE;
      }
      case "notifyContainerAboutLogin" -> {
        if (args.length != 2 || !(args[0] instanceof Principal caller)) {
          throw new UnsupportedOperationException("the DPoP caller is reported as a Principal");
        }
        calls.add(new Call(name, caller, Set.copyOf((Set<String>) args[1])));
        return AuthenticationStatus.SUCCESS;
      }
      case "toString" -> {
        return "HttpMessageContext" + calls;
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      default -> throw new UnsupportedOperationException("the recording context has no " + called);
    }
  }
}
