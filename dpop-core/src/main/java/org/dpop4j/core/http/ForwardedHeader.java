package org.dpop4j.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the {@code Forwarded} header of RFC 7239 §4: comma-separated elements of
 * semicolon-separated {@code name=value} pairs, values being tokens or quoted strings (which may
 * contain commas, semicolons and escaped characters).
 */
final class ForwardedHeader {

  private ForwardedHeader() {}

  /**
   * The elements of every header value, in order, with lower-case parameter names; empty when the
   * syntax is broken anywhere, so a malformed header is never partly believed.
   */
  static List<Map<String, String>> parse(List<String> headerValues) {
    List<Map<String, String>> elements = new ArrayList<>();
    for (String headerValue : headerValues) {
      if (!parseInto(headerValue, elements)) {
        return List.of();
      }
    }
    return elements;
  }

  private static boolean parseInto(String header, List<Map<String, String>> elements) {
    Map<String, String> element = new LinkedHashMap<>();
    int i = 0;
    int length = header.length();
    while (true) {
      i = skipSpaces(header, i);
      int nameStart = i;
      while (i < length && isTokenChar(header.charAt(i))) {
        i++;
      }
      if (i == nameStart || i >= length || header.charAt(i) != '=') {
        return false;
      }
      String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i++;
      StringBuilder value = new StringBuilder();
      if (i < length && header.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < length) {
          char c = header.charAt(i++);
          if (c == '\\' && i < length) {
            value.append(header.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          return false;
        }
      } else {
        int valueStart = i;
        while (i < length && isTokenChar(header.charAt(i))) {
          i++;
        }
        if (i == valueStart) {
          return false;
        }
        value.append(header, valueStart, i);
      }
      if (element.putIfAbsent(name, value.toString()) != null) {
        return false; // RFC 7239 §4: a parameter must not occur more than once per element
      }
      i = skipSpaces(header, i);
      if (i >= length) {
        elements.add(element);
        return true;
      }
      char separator = header.charAt(i++);
      if (separator == ',') {
        elements.add(element);
        element = new LinkedHashMap<>();
      } else if (separator != ';') {
        return false;
      }
    }
  }

  private static int skipSpaces(String header, int from) {
    int i = from;
    while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 7230 tchar. */
  private static boolean isTokenChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
