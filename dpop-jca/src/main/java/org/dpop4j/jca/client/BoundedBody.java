package org.dpop4j.jca.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text up to a limit. A server that sends more is cut off: the
 * subscription is cancelled, which closes the connection, so the rest is never read, let alone
 * held in memory. {@link HttpResponse.BodyHandlers#ofString()} would buffer whatever a hostile or
 * broken server sends.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Text> {

  /** The body's text, or, when {@code oversized}, the empty text of a body that was cut off. */
  record Text(String value, boolean oversized) {}

  private static final Text OVERSIZED = new Text("", true);

  private final int maxBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<Text> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Bodies of at most {@code maxBytes} bytes. */
  static HttpResponse.BodyHandler<Text> upTo(int maxBytes) {
    return responseInfo -> new BoundedBody(maxBytes);
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
        result.complete(OVERSIZED);
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
    result.complete(new Text(received.toString(StandardCharsets.UTF_8), false));
  }

  @Override
  public CompletionStage<Text> getBody() {
    return result;
  }
}
