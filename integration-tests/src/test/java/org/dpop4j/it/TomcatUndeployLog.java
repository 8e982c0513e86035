package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class when Tomcat, undeploying the class's WAR, warned that the application left
 * a thread running ("appears to have started a thread named [...] but has failed to stop it"),
 * such as the threads of an {@code HttpClient} it did not close: a thread that outlives the
 * application with its class loader as context class loader keeps the application loaded.
 *
 * <p>Register it before {@code ArquillianExtension}, so that its {@code beforeAll} marks
 * Tomcat's {@code logs/catalina.*.log} before the deployment and its {@code afterAll} reads them
 * after Arquillian undeployed. Tomcat 11 logs those warnings while it stops the context, then
 * {@code HostConfig.undeploy Undeploying context [...]} on the same thread, so once that line is
 * in the log the warnings of that undeploy are too.
 */
final class TomcatUndeployLog implements BeforeAllCallback, AfterAllCallback {

  private static final String UNDEPLOYED = "Undeploying context [";
  private static final String THREAD_LEFT_RUNNING = "appears to have started a thread named";
  // Tomcat's own utility thread runs each context's background processing with the context's
  // class loader as context loader; an undeploy that meets such a run names it (seen once on a
  // cluster node, with a StandardContext.backgroundProcess stack). It is no application thread.
  private static final String TOMCATS_OWN_UTILITY_THREAD = "thread named [Catalina-utility-";

  private final Map<Path, Long> marks = new HashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    marks.clear();
    for (Path log : logs()) {
      marks.put(log, Files.size(log));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String logged = loggedSinceMarks();
    while (!logged.contains(UNDEPLOYED) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      logged = loggedSinceMarks();
    }
    assertThat(logged).as("Tomcat's log since the deployment").contains(UNDEPLOYED);
    assertThat(
            logged
                .lines()
                .filter(line -> line.contains(THREAD_LEFT_RUNNING))
                .filter(line -> !line.contains(TOMCATS_OWN_UTILITY_THREAD)))
        .as("Tomcat's warnings at undeploy about threads the application left running")
        .isEmpty();
  }

  /** What Tomcat appended to its catalina logs since {@link #beforeAll}, oldest file first. */
  private String loggedSinceMarks() throws IOException {
    StringBuilder logged = new StringBuilder();
    for (Path log : logs()) {
      byte[] all = Files.readAllBytes(log);
      int mark = (int) Math.min(all.length, marks.getOrDefault(log, 0L));
      logged.append(new String(all, mark, all.length - mark, StandardCharsets.UTF_8));
    }
    return logged.toString();
  }

  /** {@code catalina.<date>.log}, by name, so by date. */
  private static List<Path> logs() throws IOException {
    Path directory = Path.of(System.getProperty("tomcat.home"), "logs");
    TreeMap<String, Path> byName = new TreeMap<>();
    if (Files.isDirectory(directory)) {
      try (DirectoryStream<Path> logs = Files.newDirectoryStream(directory, "catalina.*.log")) {
        logs.forEach(log -> byName.put(log.getFileName().toString(), log));
      }
    }
    return List.copyOf(byName.values());
  }
}
