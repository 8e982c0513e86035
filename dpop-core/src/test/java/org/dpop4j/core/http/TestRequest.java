package org.dpop4j.core.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link IncomingRequest} from literal values, with case-insensitive header names. */
record TestRequest(
    String method,
    String requestUrl,
    Optional<String> peerAddress,
    Map<String, List<String>> headers,
    Map<String, List<String>> parameters)
    implements IncomingRequest {

  static TestRequest get(String url, String peer, Map<String, List<String>> headers) {
    Map<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    return new TestRequest("GET", url, Optional.of(peer), caseInsensitive, Map.of());
  }

  @Override
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  @Override
  public List<String> parameterValues(String name) {
    return parameters.getOrDefault(name, List.of());
  }
}
