package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads while the replay store is down: one WARN line when it stops answering,
 * a WARN summary at most once per {@link #SUMMARY_INTERVAL} while it stays down (how many checks
 * were refused), and one INFO line when it answers again. The failure's stack trace goes to DEBUG
 * only, so an outage with thousands of refused checks logs a handful of lines. Thread-safe.
 */
final class OutageLog {

  static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);
  private static final int MAX_MESSAGE_LENGTH = 200;
  private static final Logger LOG = LoggerFactory.getLogger(EhcacheReplayCache.class);

  private final String storeName;
  private final LongSupplier nanoTime;
  private final long summaryIntervalNanos;
  private boolean down;
  private long downSinceNanos;
  private long lastSummaryNanos;
  private long refusedSinceSummary;
  private long refusedInOutage;

  OutageLog(String storeName) {
    this(storeName, System::nanoTime, SUMMARY_INTERVAL);
  }

  OutageLog(String storeName, LongSupplier nanoTime, Duration summaryInterval) {
    this.storeName = storeName;
    this.nanoTime = nanoTime;
    this.summaryIntervalNanos = summaryInterval.toNanos();
  }

  /** A check was refused because the store failed with {@code failure}. */
  void failed(Exception failure) {
    long now = nanoTime.getAsLong();
    String summary = null;
    boolean first = false;
    synchronized (this) {
      refusedInOutage++;
      refusedSinceSummary++;
      if (!down) {
        down = true;
        first = true;
        downSinceNanos = now;
        lastSummaryNanos = now;
        refusedSinceSummary = 0;
      } else if (now - lastSummaryNanos >= summaryIntervalNanos) {
        summary =
            refusedSinceSummary + " checks refused in the last "
                + Duration.ofNanos(now - lastSummaryNanos).toSeconds() + " s, down for "
                + Duration.ofNanos(now - downSinceNanos).toSeconds() + " s";
        lastSummaryNanos = now;
        refusedSinceSummary = 0;
      }
    }
    if (first) {
      LOG.warn(
          "DPoP {} is unreachable ({}); every check is refused (503) until it answers",
          storeName,
          describe(failure));
    } else if (summary != null) {
      LOG.warn("DPoP {} is still unreachable: {}", storeName, summary);
    }
    LOG.debug("DPoP {} failure", storeName, failure);
  }

  /** A check was answered by the store. */
  void answered() {
    long now = nanoTime.getAsLong();
    long refused;
    long downNanos;
    synchronized (this) {
      if (!down) {
        return;
      }
      down = false;
      refused = refusedInOutage;
      downNanos = now - downSinceNanos;
      refusedInOutage = 0;
      refusedSinceSummary = 0;
    }
    LOG.info(
        "DPoP {} answers again after {} s; {} checks were refused meanwhile",
        storeName,
        Duration.ofNanos(downNanos).toSeconds(),
        refused);
  }

  /** The failure and its root cause, by class and a bounded message, on one line. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).replaceAll("\\s+", " ");
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
    return root == failure
        ? failure.getClass().getName() + ": " + message
        : failure.getClass().getName() + ", caused by " + root.getClass().getName() + ": " + message;
  }
}
