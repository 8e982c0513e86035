package org.dpop4j.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.LocalHttpServer;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a container sees of the introspection client's threads when the application stops:
 * Tomcat warns about every thread the application started that still runs, and a thread whose
 * context class loader is the application's keeps all of the application's classes loaded.
 */
class IntrospectionClientThreadsTest {

  static final String WORKER_PREFIX = "dpop4j-introspection-";
  static final TestKey CLIENT = TestKey.generate("ES256");
  static final URI TARGET = URI.create("https://api.example.test/orders");
  /** Ample for threads that close() has already stopped to finish exiting. */
  static final Duration JOIN_BOUND = Duration.ofSeconds(5);

  LocalHttpServer introspection;
  Set<Thread> before;

  @BeforeEach
  void startEndpoint() throws Exception {
    introspection = new LocalHttpServer();
    introspection.route(
        "/introspect",
        exchange ->
            LocalHttpServer.respond(
                exchange, 200, Map.of("Content-Type", "application/json"), activeAnswer()));
    before = new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  @AfterEach
  void stopEndpoint() {
    introspection.close();
  }

  @Test
  void closingTheValidatorStopsTheIntrospectionClientsThreads() throws Exception {
    IntrospectionAccessTokenValidator validator = ownClientValidator();
    assertThat(validator.validate("opaque").subject()).isEqualTo("alice");
    Set<Thread> started = startedSince(before);
    assertThat(names(started)).as("the call ran on the validator's workers").anyMatch(
        name -> name.startsWith(WORKER_PREFIX));

    validator.close();

    assertThat(aliveAfterJoining(validatorThreads(started)))
        .as("the validator's threads alive after close()")
        .isEmpty();
  }

  @Test
  void closingTheSettingsStopsTheIntrospectionClientsThreads() throws Exception {
    DpopSettings settings =
        DpopSettings.reader()
            .environment(Map.of("SECRET", "s3cret")::get)
            .read(
                Map.of(
                    DpopSettings.INTROSPECTION_URI, introspection.uri("/introspect").toString(),
                    DpopSettings.INTROSPECTION_CLIENT_ID, "api",
                    DpopSettings.INTROSPECTION_CLIENT_SECRET, "env:SECRET"));
    String proof = CLIENT.proof("GET", TARGET.toString()).accessToken("opaque").sign();
    ((ResourceServerProtection) settings.protection())
        .authenticator()
        .authenticate("GET", TARGET, List.of("DPoP opaque"), List.of(proof));
    assertThat(introspection.requests("/introspect")).isEqualTo(1);
    Set<Thread> started = startedSince(before);
    assertThat(names(started)).anyMatch(name -> name.startsWith(WORKER_PREFIX));

    settings.close();

    assertThat(aliveAfterJoining(validatorThreads(started)))
        .as("the introspection client's threads alive after the settings closed")
        .isEmpty();
  }

  /**
   * The request thread of a web application carries the application's class loader as its
   * context class loader, and a new thread inherits the one of the thread that creates it.
   */
  @Test
  void introspectionThreadsDoNotPinTheApplicationsClassLoader() throws Exception {
    Thread current = Thread.currentThread();
    ClassLoader original = current.getContextClassLoader();
    try (URLClassLoader application = new URLClassLoader(new URL[0], original)) {
      current.setContextClassLoader(application);
      IntrospectionAccessTokenValidator validator;
      try {
        validator = ownClientValidator();
        assertThat(current.getContextClassLoader())
            .as("the building thread's own loader, restored")
            .isSameAs(application);
        validator.validate("opaque");
      } finally {
        current.setContextClassLoader(original);
      }
      Set<Thread> started = startedSince(before);
      assertThat(names(started))
          .as("the validator started its client's threads")
          .anyMatch(name -> name.startsWith(WORKER_PREFIX))
          .anyMatch(name -> name.matches("HttpClient-\\d+-SelectorManager"));

      assertThat(
              Thread.getAllStackTraces().keySet().stream()
                  .filter(thread -> thread != current)
                  .filter(thread -> thread.getContextClassLoader() == application)
                  .map(Thread::getName))
          .as("threads carrying the application's class loader")
          .isEmpty();
      validator.close();
    }
  }

  @Test
  void aUsersOwnHttpClientIsNotClosed() throws Exception {
    HttpClient users = HttpClient.newHttpClient();
    IntrospectionAccessTokenValidator validator =
        IntrospectionAccessTokenValidator.builder()
            .endpoint(introspection.uri("/introspect"), "api", "s3cret")
            .httpClient(users)
            .build();
    validator.validate("opaque");

    validator.close();

    HttpResponse<String> answer =
        users.send(
            HttpRequest.newBuilder(introspection.uri("/introspect"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("token=opaque"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(introspection.requests("/introspect")).isEqualTo(2);
  }

  @Test
  void aClosedValidatorRefusesEveryTokenAsUnavailable() throws Exception {
    IntrospectionAccessTokenValidator validator = ownClientValidator();
    validator.validate("cached");

    validator.close();
    validator.close();

    for (String token : List.of("cached", "new")) {
      assertThatThrownBy(() -> validator.validate(token))
          .isInstanceOfSatisfying(
              DpopException.class,
              e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOKEN_VALIDATION_UNAVAILABLE));
    }
    assertThat(introspection.requests("/introspect")).isEqualTo(1);
  }

  IntrospectionAccessTokenValidator ownClientValidator() {
    return IntrospectionAccessTokenValidator.builder()
        .endpoint(introspection.uri("/introspect"), "api", "s3cret")
        .build();
  }

  static String activeAnswer() {
    return "{\"active\":true,\"sub\":\"alice\",\"exp\":" + (Instant.now().getEpochSecond() + 300)
        + ",\"cnf\":{\"jkt\":\"" + CLIENT.thumbprint() + "\"}}";
  }

  static Set<Thread> startedSince(Set<Thread> before) {
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    return started;
  }

  static List<String> names(Collection<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().toList();
  }

  /**
   * The validator's workers; from JDK 21, where {@code HttpClient} can be closed, its selector
   * thread too (on JDK 17 it ends once the client is garbage collected).
   */
  static List<Thread> validatorThreads(Collection<Thread> started) {
    boolean closeableClient = AutoCloseable.class.isAssignableFrom(HttpClient.class);
    return started.stream()
        .filter(
            thread ->
                thread.getName().startsWith(WORKER_PREFIX)
                    || closeableClient && thread.getName().matches("HttpClient-\\d+-SelectorManager"))
        .toList();
  }

  /** Joins each thread, all within {@link #JOIN_BOUND}; the names of those still alive. */
  static List<String> aliveAfterJoining(Collection<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + JOIN_BOUND.toNanos();
    for (Thread thread : threads) {
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
    }
    return names(threads.stream().filter(Thread::isAlive).toList());
  }
}
