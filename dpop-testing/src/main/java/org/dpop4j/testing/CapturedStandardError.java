package org.dpop4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What is written to {@code System.err} while it is open, where slf4j-simple logs (it looks the
 * stream up at each call). Close it to restore the original stream.
 */
public final class CapturedStandardError implements AutoCloseable {

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private CapturedStandardError() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  public static CapturedStandardError start() {
    return new CapturedStandardError();
  }

  /** Everything written so far. */
  public synchronized String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
