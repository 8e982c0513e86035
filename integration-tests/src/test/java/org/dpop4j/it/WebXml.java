package org.dpop4j.it;

import java.util.Map;

/** The pieces of the deployments' {@code web.xml}: the same markup for every WAR. */
final class WebXml {

  private WebXml() {}

  /** A Servlet 6.0 {@code web.xml} with {@code elements} (already indented by two spaces). */
  static String webApp(String... elements) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                 version="6.0">
        %s</web-app>
        """
        .formatted(String.join("", elements));
  }

  /** {@code DpopFilter} {@code name} on {@code urlPattern}, with {@code settings} as init-params. */
  static String dpopFilter(String name, String urlPattern, Map<String, String> settings) {
    return "  <filter>\n    <filter-name>" + name + "</filter-name>\n"
        + "    <filter-class>org.dpop4j.servlet.DpopFilter</filter-class>\n"
        + params("    ", "init-param", settings)
        + "  </filter>\n  <filter-mapping>\n    <filter-name>" + name + "</filter-name>\n"
        + "    <url-pattern>" + urlPattern + "</url-pattern>\n  </filter-mapping>\n";
  }

  /** The servlet {@code name} of {@code servletClass}, on each path (without the leading /). */
  static String servlet(String name, Class<?> servletClass, String... paths) {
    StringBuilder mapping = new StringBuilder();
    for (String path : paths) {
      mapping.append("    <url-pattern>/").append(path).append("</url-pattern>\n");
    }
    return "  <servlet>\n    <servlet-name>" + name + "</servlet-name>\n"
        + "    <servlet-class>" + servletClass.getName() + "</servlet-class>\n  </servlet>\n"
        + "  <servlet-mapping>\n    <servlet-name>" + name + "</servlet-name>\n"
        + mapping + "  </servlet-mapping>\n";
  }

  /** One {@code <element>} per setting, its name and value escaped, each line {@code indent}ed. */
  static String params(String indent, String element, Map<String, String> settings) {
    StringBuilder params = new StringBuilder();
    settings.forEach(
        (name, value) ->
            params.append(indent).append('<').append(element).append("><param-name>")
                .append(xml(name)).append("</param-name><param-value>").append(xml(value))
                .append("</param-value></").append(element).append(">\n"));
    return params.toString();
  }

  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
