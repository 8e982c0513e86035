package org.dpop4j.jaxrs;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The part of the request path that one sub-resource locator consumed, as matched URIs give it:
 * encoded and decoded, since runtimes may match either, with or without matrix parameters.
 */
record ConsumedPath(String encoded, String decoded) {

  /** Every form a runtime may have matched the locator's template against. */
  Set<String> forms() {
    Set<String> forms = new LinkedHashSet<>();
    for (String path : new String[] {encoded, decoded}) {
      forms.add(path);
      forms.add(PathTemplate.normalize(path.replaceAll(";[^/]*", "")));
    }
    return forms;
  }

  /**
   * Whether the path is {@code literal} in every form, so that whichever form the runtime
   * matched, a locator with that literal template won.
   */
  boolean isExactly(String literal) {
    return encoded.equals(literal) && decoded.equals(literal) && literal.indexOf(';') < 0;
  }
}
