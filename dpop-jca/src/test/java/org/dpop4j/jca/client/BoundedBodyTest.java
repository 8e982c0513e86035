package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * The deadline of a body, which both the token request and the metadata fetch rely on: a body
 * not complete by then fails with {@link BoundedBody.TooSlow} and its subscription is cancelled,
 * which closes the connection.
 */
class BoundedBodyTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  private final Flow.Subscription subscription =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {
          cancelled.complete(null);
        }
      };

  @Test
  void aBodyNotCompleteByItsDeadlineFailsAndIsCutOff() {
    HttpResponse.BodySubscriber<String> body = subscribed(Duration.ofMillis(100));
    body.onNext(List.of(ByteBuffer.wrap("{\"a".getBytes(StandardCharsets.US_ASCII))));

    assertThat(body.getBody().toCompletableFuture())
        .failsWithin(WITHIN)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            BoundedBody.TooSlow.class, e -> assertThat(e.status()).isEqualTo(200));
    assertThat(cancelled).succeedsWithin(WITHIN);
  }

  @Test
  void aBodyCompleteInTimeIsReadAndNotCutOff() {
    HttpResponse.BodySubscriber<String> body = subscribed(Duration.ofMinutes(1));
    body.onNext(List.of(ByteBuffer.wrap("{}".getBytes(StandardCharsets.US_ASCII))));
    body.onComplete();

    assertThat(body.getBody().toCompletableFuture()).succeedsWithin(WITHIN).isEqualTo("{}");
    assertThat(cancelled).isNotDone();
  }

  private HttpResponse.BodySubscriber<String> subscribed(Duration deadline) {
    HttpResponse.BodySubscriber<String> body =
        BoundedBody.upTo(1024, deadline)
            .apply(
                new HttpResponse.ResponseInfo() {
                  @Override
                  public int statusCode() {
                    return 200;
                  }

                  @Override
                  public HttpHeaders headers() {
                    return HttpHeaders.of(Map.of(), (name, value) -> true);
                  }

                  @Override
                  public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                  }
                });
    body.onSubscribe(subscription);
    return body;
  }
}
