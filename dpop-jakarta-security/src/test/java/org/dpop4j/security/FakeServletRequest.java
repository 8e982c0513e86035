package org.dpop4j.security;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A servlet request with what a DPoP check reads (method, URL, peer, headers, attributes) and no
 * user; any other call fails the test, so a test sees when the code starts to depend on more.
 */
final class FakeServletRequest implements InvocationHandler {

  private final String method;
  private final String url;
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Object> attributes = new HashMap<>();
  private final HttpServletRequest request;

  FakeServletRequest(String method, String url) {
    this.method = method;
    this.url = url;
    this.request = (HttpServletRequest) Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, this);
  }

  FakeServletRequest header(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  HttpServletRequest request() {
    return request;
  }

  @Override
  public Object invoke(Object proxy, Method called, Object[] args) {
    return switch (called.getName()) {
      case "getMethod" -> method;
      case "getRequestURL" -> new StringBuffer(url);
      case "getRemoteAddr" -> "192.0.2.7";
      case "getHeader" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
      case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
      case "getParameterValues", "getUserPrincipal" -> null;
      case "getAttribute" -> attributes.get((String) args[0]);
      case "setAttribute" -> {
        attributes.put((String) args[0], args[1]);
        yield null;
      }
      case "toString" -> method + " " + url;
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> throw new UnsupportedOperationException("the fake request has no " + called);
    };
  }
}
