package org.dpop4j.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/** Writes the JSON answers of the demo's servlets. */
final class JsonResponses {

  private JsonResponses() {}

  static void write(HttpServletResponse response, int status, Map<String, ?> json)
      throws IOException {
    write(response, status, JsonUtil.toJson(json));
  }

  static void write(HttpServletResponse response, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** An OAuth error response (RFC 6749 §5.2). */
  static void error(HttpServletResponse response, int status, String error, String description)
      throws IOException {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("error", error);
    json.put("error_description", description);
    write(response, status, json);
  }
}
