package org.dpop4j.core.http;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * An {@link IncomingRequest} over an adapter's own request type, given as its parts: what every
 * adapter does alike (no values is an empty list, lists are copied) is done here once, so an
 * adapter only says where each part is. Build one per request with {@link #builder}.
 */
public final class RequestView implements IncomingRequest {

  private final String method;
  private final String requestUrl;
  private final Optional<String> peerAddress;
  private final Function<String, ? extends Collection<String>> headers;
  private final Function<String, ? extends Collection<String>> parameters;

  private RequestView(Builder builder) {
    this.method = builder.method;
    this.requestUrl = builder.requestUrl;
    this.peerAddress = Optional.ofNullable(builder.peerAddress);
    this.headers = builder.headers;
    this.parameters = builder.parameters;
  }

  /**
   * @param method the request method, as received
   * @param requestUrl see {@link IncomingRequest#requestUrl()}
   */
  public static Builder builder(String method, String requestUrl) {
    return new Builder(
        Objects.requireNonNull(method, "method"), Objects.requireNonNull(requestUrl, "requestUrl"));
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String requestUrl() {
    return requestUrl;
  }

  @Override
  public Optional<String> peerAddress() {
    return peerAddress;
  }

  @Override
  public List<String> headerValues(String name) {
    return copy(headers.apply(name));
  }

  @Override
  public List<String> parameterValues(String name) {
    return copy(parameters.apply(name));
  }

  private static List<String> copy(Collection<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  /** The parts of a {@link RequestView}; without a lookup, a request has no such values. */
  public static final class Builder {
    private final String method;
    private final String requestUrl;
    private String peerAddress;
    private Function<String, ? extends Collection<String>> headers;
    private Function<String, ? extends Collection<String>> parameters;

    private Builder(String method, String requestUrl) {
      this.method = method;
      this.requestUrl = requestUrl;
    }

    /** The direct peer's IP address, when the container knows it. */
    public Builder peerAddress(String address) {
      this.peerAddress = BuilderOptions.setOnce("peerAddress", this.peerAddress, address);
      return this;
    }

    /**
     * Every value of a header by name, matched case-insensitively; the lookup may answer {@code
     * null} for none.
     */
    public Builder headers(Function<String, ? extends Collection<String>> lookup) {
      this.headers = BuilderOptions.setOnce("headers", this.headers, lookup);
      return this;
    }

    /** Every value of a request parameter by name; the lookup may answer {@code null}. */
    public Builder parameters(Function<String, ? extends Collection<String>> lookup) {
      this.parameters = BuilderOptions.setOnce("parameters", this.parameters, lookup);
      return this;
    }

    public RequestView build() {
      if (headers == null) {
        headers = name -> null;
      }
      if (parameters == null) {
        parameters = name -> null;
      }
      return new RequestView(this);
    }
  }
}
