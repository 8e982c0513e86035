package org.dpop4j.ehcache;

import java.time.Clock;
import java.time.Duration;
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
  private final Clock clock;
  private final long summaryIntervalMillis;
  private boolean down;
  private long downSinceMillis;
  private long lastSummaryMillis;
  private long refusedSinceSummary;
  private long refusedInOutage;

  OutageLog(String storeName, Clock clock) {
    this(storeName, clock, SUMMARY_INTERVAL);
  }

  OutageLog(String storeName, Clock clock, Duration summaryInterval) {
    this.storeName = storeName;
    this.clock = clock;
    this.summaryIntervalMillis = summaryInterval.toMillis();
  }

  /** A check was refused because the store failed with {@code failure}. */
  void failed(Exception failure) {
    if (counted(true)) {
      LOG.warn(
          "DPoP {} is unreachable ({}); every check is refused (503) until it answers",
          storeName,
          describe(failure));
    }
    LOG.debug("DPoP {} failure", storeName, failure);
  }

  /** A check was refused without asking the store, which is known to be failing. */
  void refused() {
    counted(false);
  }

  /**
   * Counts a refused check and writes the summary when due. Only a failure starts an outage: a
   * refusal may come in between the failure that opened the breaker and its report here.
   *
   * @return whether this failure started the outage
   */
  private boolean counted(boolean failure) {
    long now = clock.millis();
    String summary = null;
    boolean first = false;
    synchronized (this) {
      refusedInOutage++;
      refusedSinceSummary++;
      if (!down) {
        if (failure) {
          down = true;
          first = true;
          downSinceMillis = now;
          lastSummaryMillis = now;
          refusedSinceSummary = 0;
        }
      } else if (now - lastSummaryMillis >= summaryIntervalMillis) {
        summary =
            refusedSinceSummary + " checks refused in the last "
                + seconds(now - lastSummaryMillis) + " s, down for "
                + seconds(now - downSinceMillis) + " s";
        lastSummaryMillis = now;
        refusedSinceSummary = 0;
      } else if (now < lastSummaryMillis) {
        lastSummaryMillis = now; // the clock was set back: the interval starts again
      }
    }
    if (summary != null) {
      LOG.warn("DPoP {} is still unreachable: {}", storeName, summary);
    }
    return first;
  }

  /** A check was answered by the store. */
  void answered() {
    long now = clock.millis();
    long refused;
    long downMillis;
    synchronized (this) {
      if (!down) {
        return;
      }
      down = false;
      refused = refusedInOutage;
      downMillis = now - downSinceMillis;
      refusedInOutage = 0;
      refusedSinceSummary = 0;
    }
    LOG.info(
        "DPoP {} answers again after {} s; {} checks were refused meanwhile",
        storeName,
        seconds(downMillis),
        refused);
  }

  private static long seconds(long millis) {
    return Math.max(0, millis) / 1000;
  }

  /**
   * The failure and its root cause, by class and a bounded message, on one line. A root without
   * a message (Ehcache's timeout wraps one) gets the deepest message above it.
   */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    String deepestMessage = failure.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root.getMessage() != null) {
        deepestMessage = root.getMessage();
      }
    }
    String message = String.valueOf(deepestMessage).replaceAll("\\s+", " ");
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
    return root == failure
        ? failure.getClass().getName() + ": " + message
        : failure.getClass().getName() + ", caused by " + root.getClass().getName() + ": " + message;
  }
}
