package org.dpop4j.core.http;

import java.util.List;
import java.util.Optional;

/**
 * What {@link DpopGate} needs to know about one HTTP request, as an adapter's container received
 * it. Adapters implement this over their own request type; nothing here is interpreted by them.
 */
public interface IncomingRequest {

  /** The request method, as received. */
  String method();

  /**
   * The absolute URL as the container sees it: scheme, host and port from the connection and the
   * {@code Host} header, and the raw (still percent-encoded) path. A query is ignored.
   */
  String requestUrl();

  /** The IP address of the direct peer, when the container knows it. */
  Optional<String> peerAddress();

  /** Every value of the header {@code name}, matched case-insensitively; empty when absent. */
  List<String> headerValues(String name);

  /** Every value of the request parameter {@code name}; empty when absent. */
  List<String> parameterValues(String name);
}
