package org.dpop4j.jca.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text up to a limit. A server that sends more is cut off: the
 * subscription is cancelled, which closes the connection, so the rest is never read, let alone
 * held in memory, and the send fails with a {@link TooLarge}. {@link
 * HttpResponse.BodyHandlers#ofString()} would buffer whatever a hostile or broken server sends.
 * The body stays a {@code String}, as an {@link java.net.http.HttpClient} wrapper that looks at
 * responses expects.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

  /** The body passed the limit; {@code status} is the response's HTTP status. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    TooLarge(int status, int maxBytes) {
      super("the response body is larger than " + maxBytes + " bytes and was not read");
      this.status = status;
    }

    int status() {
      return status;
    }

    /**
     * The {@code TooLarge} behind a failed send: {@link java.net.http.HttpClient#send} wraps the
     * body's failure in an {@code IOException} of its own.
     */
    static Optional<TooLarge> in(IOException failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof TooLarge tooLarge) {
          return Optional.of(tooLarge);
        }
      }
      return Optional.empty();
    }
  }

  private final int status;
  private final int maxBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int status, int maxBytes) {
    this.status = status;
    this.maxBytes = maxBytes;
  }

  /** Bodies of at most {@code maxBytes} bytes. */
  static HttpResponse.BodyHandler<String> upTo(int maxBytes) {
    return responseInfo -> new BoundedBody(responseInfo.statusCode(), maxBytes);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (buffer.remaining() > maxBytes - received.size()) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(status, maxBytes));
        return;
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      received.writeBytes(bytes);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(received.toString(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }
}
