package org.dpop4j.jaxrs;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Just enough of JAX-RS {@code @Path} templates to tell which locator may have matched a path. */
final class PathTemplate {

  private static final String DEFAULT_VARIABLE_REGEX = "[^/]+";

  private PathTemplate() {}

  /** Without leading and trailing slashes, which JAX-RS ignores, as in matched URIs. */
  static String normalize(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  /**
   * The paths the template matches, as JAX-RS reads it (Jakarta REST 3.1, section 3.7.3): its
   * literal parts as they are, a variable as its regular expression, {@code [^/]+} by default.
   * Where the template cannot be read (braces that do not close, a regular expression that does
   * not compile), the rest of it matches anything, so that the pattern stays too wide rather than
   * too narrow.
   */
  static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    int literalStart = 0;
    int i = 0;
    while (i < template.length()) {
      if (template.charAt(i) != '{') {
        i++;
        continue;
      }
      regex.append(Pattern.quote(template.substring(literalStart, i)));
      int close = closingBrace(template, i);
      Optional<String> variable =
          close < 0 ? Optional.empty() : variableRegex(template.substring(i + 1, close));
      if (variable.isEmpty()) {
        return Pattern.compile(regex.append(".*").toString(), Pattern.DOTALL);
      }
      regex.append("(?:").append(variable.get()).append(')');
      i = close + 1;
      literalStart = i;
    }
    regex.append(Pattern.quote(template.substring(literalStart)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** The regular expression of a variable written {@code name} or {@code name: regex}. */
  private static Optional<String> variableRegex(String variable) {
    int colon = variable.indexOf(':');
    if (colon < 0) {
      return Optional.of(DEFAULT_VARIABLE_REGEX);
    }
    String regex = variable.substring(colon + 1).strip();
    try {
      Pattern.compile(regex);
      return Optional.of(regex);
    } catch (PatternSyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * The number of characters outside variables, the first key of JAX-RS precedence; after braces
   * that do not close, every character counts.
   */
  static int literalCharacters(String template) {
    int count = 0;
    int i = 0;
    while (i < template.length()) {
      int close = template.charAt(i) == '{' ? closingBrace(template, i) : -1;
      if (close < 0) {
        count++;
        i++;
      } else {
        i = close + 1;
      }
    }
    return count;
  }

  /** The brace closing the variable opened at {@code open}; its regular expression may nest braces. */
  private static int closingBrace(String template, int open) {
    int depth = 0;
    for (int i = open; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
