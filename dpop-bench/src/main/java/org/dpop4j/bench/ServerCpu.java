package org.dpop4j.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time per request over one benchmark iteration: of Tomcat's connector threads (the server)
 * and of the whole JVM (server, load client, JIT and GC together). Requests per second alone
 * cannot tell a slower server from a client that costs more when the server answers later; the
 * server's own CPU per request can, and it is what the microbenchmarks of the filter's parts add
 * up to.
 */
final class ServerCpu {

  /** The name prefix of an embedded Tomcat NIO connector's threads (acceptor, poller, workers). */
  private static final String TOMCAT_THREADS = "http-nio-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean process =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<Long, Long> tomcatAtStart = Map.of();
  private long processAtStart;
  private long requestsAtStart;

  void start(long requestsSoFar) {
    tomcatAtStart = tomcatThreadCpu();
    processAtStart = process.getProcessCpuTime();
    requestsAtStart = requestsSoFar;
  }

  /** One line for the iteration that began at the last {@link #start}. */
  String report(long requestsSoFar) {
    long requests = requestsSoFar - requestsAtStart;
    if (requests == 0) {
      return "";
    }
    long tomcat = 0;
    for (Map.Entry<Long, Long> thread : tomcatThreadCpu().entrySet()) {
      // A thread Tomcat started during the iteration counts from zero.
      tomcat += thread.getValue() - tomcatAtStart.getOrDefault(thread.getKey(), 0L);
    }
    long whole = process.getProcessCpuTime() - processAtStart;
    return String.format(
        "%n  CPU per request: Tomcat's threads %.1f µs, whole JVM %.1f µs (%d requests)%n",
        tomcat / 1000.0 / requests, whole / 1000.0 / requests, requests);
  }

  private Map<Long, Long> tomcatThreadCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (thread != null && thread.getThreadName().startsWith(TOMCAT_THREADS)) {
        long nanos = threads.getThreadCpuTime(thread.getThreadId());
        if (nanos >= 0) {
          cpu.put(thread.getThreadId(), nanos);
        }
      }
    }
    return cpu;
  }
}
