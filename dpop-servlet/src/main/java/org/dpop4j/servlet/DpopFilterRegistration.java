package org.dpop4j.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link DpopFilter} without a {@code <filter>} in web.xml, but only when the application
 * asks for it: a jar that silently protected (or broke) every application it is added to would be
 * a surprise, and a plain {@code web-fragment.xml} cannot be switched off by the application. The
 * container runs this initializer for every web application that has the jar; it does nothing
 * unless the context param {@value #AUTO_REGISTER} is {@code true}.
 *
 * <p>Then the filter is mapped to the space- or comma-separated URL patterns of {@value
 * #URL_PATTERNS} (required: what to protect must be said, never guessed) and reads its settings
 * from the {@code dpop.*} context params, as a web.xml filter without init-params does. The
 * parameter names lie outside {@code dpop.}, which the settings reserve for themselves.
 */
public final class DpopFilterRegistration implements ServletContainerInitializer {

  /** The opt-in context param: {@code true} registers the filter. */
  public static final String AUTO_REGISTER = "org.dpop4j.servlet.auto-register";

  /** The context param with the URL patterns the registered filter protects. */
  public static final String URL_PATTERNS = "org.dpop4j.servlet.url-patterns";

  /** The name of the registered filter. */
  public static final String FILTER_NAME = "dpop4j";

  /** For the servlet container, which finds the initializer through the ServiceLoader. */
  public DpopFilterRegistration() {}

  private static final Logger LOG = LoggerFactory.getLogger(DpopFilterRegistration.class);

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    String optIn = context.getInitParameter(AUTO_REGISTER);
    if (optIn == null || optIn.isBlank() || optIn.strip().equalsIgnoreCase("false")) {
      return;
    }
    if (!optIn.strip().equalsIgnoreCase("true")) {
      throw new IllegalStateException(
          AUTO_REGISTER + " must be true or false, not '" + optIn.strip() + "'");
    }
    String patterns = context.getInitParameter(URL_PATTERNS);
    String[] urlPatterns =
        patterns == null
            ? new String[0]
            : Arrays.stream(patterns.split("[\\s,]+")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    if (urlPatterns.length == 0) {
      throw new IllegalStateException(
          AUTO_REGISTER + " is true but " + URL_PATTERNS + " names no URL pattern to protect");
    }
    FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, DpopFilter.class);
    if (filter == null) {
      throw new IllegalStateException(
          "a filter named '" + FILTER_NAME + "' is already declared; remove it or "
              + AUTO_REGISTER);
    }
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, urlPatterns);
    LOG.info("DPoP filter registered for {} by {}", Arrays.toString(urlPatterns), AUTO_REGISTER);
  }
}
