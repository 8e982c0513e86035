package org.dpop4j.security;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A servlet response that keeps what is written to it: status, headers, content type and body.
 * Any other call fails the test.
 */
final class FakeServletResponse implements InvocationHandler {

  /** The status of a response nobody has set, as a container starts it. */
  static final int UNSET = 200;

  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final HttpServletResponse response;
  private int status = UNSET;
  private String contentType;
  private boolean closed;

  FakeServletResponse() {
    this.response = (HttpServletResponse) Proxy.newProxyInstance(
        HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, this);
  }

  HttpServletResponse response() {
    return response;
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  String contentType() {
    return contentType;
  }

  String body() {
    return body.toString(StandardCharsets.UTF_8);
  }

  /** Whether the body was closed, completing the response. */
  boolean completed() {
    return closed;
  }

  @Override
  public Object invoke(Object proxy, Method called, Object[] args) {
    switch (called.getName()) {
      case "setStatus" -> status = (Integer) args[0];
      case "setHeader" -> headers.put((String) args[0], (String) args[1]);
      case "setContentType" -> contentType = (String) args[0];
      case "setCharacterEncoding", "setContentLength" -> { }
      case "getOutputStream" -> {
        return new Body();
      }
      case "toString" -> {
        return status + " " + headers;
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "equals" -> {
        return proxy == args[0];
      }
      default -> throw new UnsupportedOperationException("the fake response has no " + called);
    }
    return null;
  }

  private final class Body extends ServletOutputStream {
    @Override
    public void write(int b) {
      body.write(b);
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("blocking writes only");
    }
  }
}
