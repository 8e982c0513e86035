package org.dpop4j.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.dpop4j.core.http.IncomingRequest;

/** A servlet request, as the container hands it to an authentication mechanism or module. */
final class ContainerIncomingRequest implements IncomingRequest {

  private final HttpServletRequest request;

  ContainerIncomingRequest(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String requestUrl() {
    return request.getRequestURL().toString();
  }

  @Override
  public Optional<String> peerAddress() {
    return Optional.ofNullable(request.getRemoteAddr());
  }

  @Override
  public List<String> headerValues(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  /** Query and, for a form POST, body parameters: what a token endpoint receives. */
  @Override
  public List<String> parameterValues(String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
