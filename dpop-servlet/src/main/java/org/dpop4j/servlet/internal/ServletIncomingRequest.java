package org.dpop4j.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.dpop4j.core.http.IncomingRequest;
import org.dpop4j.core.http.RequestView;

/**
 * A servlet request as the core sees it; servlet header lookups are case-insensitive. Shared by
 * dpop4j's servlet filter and its container-security adapters, not an API for applications.
 */
public final class ServletIncomingRequest {

  private ServletIncomingRequest() {}

  /** Headers, and query and (for a form POST) body parameters: what a token endpoint receives. */
  public static IncomingRequest of(HttpServletRequest request) {
    RequestView.Builder view =
        RequestView.builder(request.getMethod(), request.getRequestURL().toString())
            .headers(
                name -> {
                  Enumeration<String> values = request.getHeaders(name);
                  return values == null ? null : Collections.list(values);
                })
            .parameters(
                name -> {
                  String[] values = request.getParameterValues(name);
                  return values == null ? null : List.of(values);
                });
    if (request.getRemoteAddr() != null) {
      view.peerAddress(request.getRemoteAddr());
    }
    return view.build();
  }
}
