package org.dpop4j.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.http.DpopPrincipal;

/** The API's answer: who called, with which key, through which dpop4j adapter. */
final class Greeting {

  private Greeting() {}

  static Map<String, Object> of(DpopPrincipal caller, String protectedBy) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sub", caller.getName());
    json.put("jkt", caller.proof().thumbprint());
    json.put("protected_by", protectedBy);
    return json;
  }
}
