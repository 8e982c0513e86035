package org.dpop4j.core.token;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpClient} an {@link IntrospectionAccessTokenValidator} creates when it is given
 * none, with the threads it runs on, released by {@link #close()}.
 *
 * <p>A container checks at undeploy that no thread the application started still runs, and any
 * such thread whose context class loader is the application's keeps every class of the
 * application loaded. The JDK's default client runs on a cached pool of its own ({@code
 * HttpClient-N-Worker-*}) that nobody can shut down, and its {@code HttpClient-N-SelectorManager}
 * thread inherits the context class loader of the thread that built the client. So this client
 * runs on a pool owned here, of daemon threads named {@code dpop4j-introspection-N} whose context
 * class loader is the platform class loader, and is built while the building thread's context
 * class loader is the platform class loader too. Closing closes the client where the JDK can (from
 * JDK 21, {@code HttpClient} is {@link AutoCloseable}, which also ends the selector thread) and
 * shuts the pool down. On JDK 17 the selector thread ends only once the client is garbage
 * collected, but it no longer carries the application's class loader.
 */
final class OwnedHttpClient implements AutoCloseable {

  /** Enough for the callbacks of concurrent synchronous calls; the caller's thread waits. */
  private static final int WORKERS = 4;
  private static final Duration IDLE_WORKER_LIFETIME = Duration.ofSeconds(30);
  private static final Duration TERMINATION_WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final ThreadPoolExecutor workers;
  private final HttpClient client;

  private OwnedHttpClient(Duration connectTimeout) {
    workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            IDLE_WORKER_LIFETIME.toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            OwnedHttpClient::newWorker);
    workers.allowCoreThreadTimeOut(true);
    try {
      client = buildWithPlatformContextLoader(connectTimeout, workers);
    } catch (RuntimeException | Error e) {
      workers.shutdownNow();
      throw e;
    }
  }

  /** A client with {@code connectTimeout}, on threads of its own. */
  static OwnedHttpClient create(Duration connectTimeout) {
    return new OwnedHttpClient(connectTimeout);
  }

  HttpClient client() {
    return client;
  }

  /**
   * Closes the client (JDK 21 and later; it waits for the calls under way) and shuts the worker
   * pool down, waiting at most 5 s for its threads to end; failures
   * are logged, not thrown.
   */
  @Override
  public void close() {
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(OwnedHttpClient.class)
            .warn("closing the introspection HttpClient failed: {}", e.getClass().getName());
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
        LoggerFactory.getLogger(OwnedHttpClient.class)
            .warn("introspection threads still busy after {}; interrupted", TERMINATION_WAIT);
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static Thread newWorker(Runnable task) {
    Thread worker = new Thread(task, "dpop4j-introspection-" + THREAD_NUMBER.getAndIncrement());
    worker.setDaemon(true);
    worker.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    return worker;
  }

  /**
   * The JDK starts the client's selector thread while building it, and a new thread takes the
   * context class loader of the thread that creates it.
   */
  private static HttpClient buildWithPlatformContextLoader(
      Duration connectTimeout, ThreadPoolExecutor executor) {
    Thread current = Thread.currentThread();
    ClassLoader application = current.getContextClassLoader();
    current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      return HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor).build();
    } finally {
      current.setContextClassLoader(application);
    }
  }
}
