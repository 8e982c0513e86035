package org.dpop4j.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in diagnostic log: enable DEBUG for the logger {@value #LOGGER_NAME} to see why an
 * {@code htu} or {@code iat} check failed (the target URI the server computed, the server time and
 * the proof's {@code iat}). Off by default. It logs values the server computed and numbers; any
 * text that came with the request goes through {@link #quote}, escaped and length-bounded.
 */
public final class Diagnostics {

  /** The logger name to enable at DEBUG. */
  public static final String LOGGER_NAME = "org.dpop4j.diagnostics";

  /** The diagnostic logger. */
  public static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  static final int MAX_QUOTED_LENGTH = 256;

  private Diagnostics() {}

  /**
   * {@code text} in double quotes, safe for any log: characters outside printable ASCII, quotes
   * and backslashes escaped as {@code \\uXXXX}, and cut after {@value #MAX_QUOTED_LENGTH}
   * characters with the full length noted, so request text can neither forge log lines nor fill
   * the log.
   */
  public static String quote(String text) {
    StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_QUOTED_LENGTH) + 16);
    quoted.append('"');
    int end = Math.min(text.length(), MAX_QUOTED_LENGTH);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        quoted.append(c);
      } else {
        quoted.append(String.format("\\u%04x", (int) c));
      }
    }
    quoted.append('"');
    if (text.length() > MAX_QUOTED_LENGTH) {
      quoted.append("... (").append(text.length()).append(" characters)");
    }
    return quoted.toString();
  }
}
