package org.dpop4j.jca.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read as UTF-8 text up to a limit of size and of time. A server that sends more
 * is cut off: the subscription is cancelled, which closes the connection, so the rest is never
 * read, let alone held in memory, and the send fails with a {@link TooLarge}. A server that has
 * not sent the whole body by the deadline, counted from its response headers, is cut off the same
 * way and the send fails with a {@link TooSlow}: a request's {@link
 * java.net.http.HttpRequest.Builder#timeout timeout} stops counting once the headers arrive
 * (JDK-8258397), so a server that trickles its body could otherwise hold the caller forever.
 * {@link
 * HttpResponse.BodyHandlers#ofString()} would buffer whatever a hostile or broken server sends.
 * The body stays a {@code String}, as an {@link java.net.http.HttpClient} wrapper that looks at
 * responses expects.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

  /** The body was cut off, too large or too slow; {@code status} is the response's HTTP status. */
  abstract static sealed class CutOff extends IOException permits TooLarge, TooSlow {
    private static final long serialVersionUID = 1L;

    private final int status;

    CutOff(String message, int status) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }

    /**
     * The {@code CutOff} behind a failed send: {@link java.net.http.HttpClient#send} wraps the
     * body's failure in an {@code IOException} of its own.
     */
    static Optional<CutOff> in(IOException failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof CutOff cutOff) {
          return Optional.of(cutOff);
        }
      }
      return Optional.empty();
    }
  }

  /** The body passed the size limit. */
  static final class TooLarge extends CutOff {
    private static final long serialVersionUID = 1L;

    TooLarge(int status, int maxBytes) {
      super("the response body is larger than " + maxBytes + " bytes and was not read", status);
    }
  }

  /**
   * The body was not complete by its deadline. Not an {@link
   * java.net.http.HttpTimeoutException}: {@link java.net.http.HttpClient#send} rethrows one of
   * those without its cause, and so without the status.
   */
  static final class TooSlow extends CutOff {
    private static final long serialVersionUID = 1L;

    TooSlow(int status, Duration deadline) {
      super(
          "the response body was not complete " + deadline.toMillis() + " ms after its headers",
          status);
    }
  }

  private final int status;
  private final int maxBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final CompletionStage<String> body;
  private volatile Flow.Subscription subscription;

  private BoundedBody(int status, int maxBytes, Duration deadline) {
    this.status = status;
    this.maxBytes = maxBytes;
    // orTimeout's timer is cancelled as soon as the body completes; once it fires, the server is
    // cut off like one that sends too much.
    this.body =
        result
            .orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS)
            .handle(
                (text, failure) -> {
                  if (failure == null) {
                    return text;
                  }
                  cancel();
                  Throwable cause =
                      failure instanceof TimeoutException ? new TooSlow(status, deadline) : failure;
                  throw new CompletionException(cause);
                });
  }

  /**
   * Bodies of at most {@code maxBytes} bytes, complete at most {@code deadline} after the response
   * headers.
   */
  static HttpResponse.BodyHandler<String> upTo(int maxBytes, Duration deadline) {
    return responseInfo -> new BoundedBody(responseInfo.statusCode(), maxBytes, deadline);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    // The deadline may have passed before the subscription arrived: cancel() saw none then.
    if (result.isDone()) {
      subscription.cancel();
      return;
    }
    subscription.request(1);
  }

  /** Stops reading, which closes the connection; cancelling twice is harmless (Flow §3.7). */
  private void cancel() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (buffer.remaining() > maxBytes - received.size()) {
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
    return body;
  }
}
