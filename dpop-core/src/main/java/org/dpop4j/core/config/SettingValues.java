package org.dpop4j.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code dpop.*} settings present in one source, with typed readers that check a value and
 * throw {@link IllegalArgumentException} naming the setting (never a secret's value) when it is
 * malformed or out of range. {@link DpopSettings} reads its own settings through them, and a
 * {@link ReplayCacheFactory} reads its {@code dpop.replay-cache.<name>.*} settings the same way,
 * so every setting fails the same, named way. A blank value counts as absent; values are
 * stripped. Immutable; reading never changes anything, except that {@link #secret} reads an
 * environment variable or a file.
 */
public final class SettingValues {

  private final Map<String, String> values;
  private final Function<String, String> environment;

  private SettingValues(Map<String, String> values, Function<String, String> environment) {
    this.values = values;
    this.environment = environment;
  }

  /**
   * The settings in {@code values} whose names start with {@code dpop.}; others are ignored.
   *
   * @param environment where {@code env:VARIABLE} secrets are read, {@code System::getenv} in
   *     production
   */
  public static SettingValues of(
      Map<String, String> values, Function<String, String> environment) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(environment, "environment");
    Map<String, String> present = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (name != null && name.startsWith("dpop.") && value != null && !value.isBlank()) {
            present.put(name, value.strip());
          }
        });
    return new SettingValues(Map.copyOf(present), environment);
  }

  /** The names of the settings present, with a non-blank value. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Whether {@code name} has a non-blank value. */
  public boolean isSet(String name) {
    return values.containsKey(name);
  }

  /** The stripped value of {@code name}, when set. */
  public Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value of {@code name}, or {@code fallback}. */
  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * The value of a setting that must be present.
   *
   * @param why completes "{@code name} is required ...", e.g. "with dpop.token.introspection-uri"
   */
  public String required(String name, String why) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required " + why);
    }
    return value;
  }

  /** A whole number within {@code min..max}, or {@code fallback} when absent. */
  public int integer(String name, int fallback, int min, int max) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the setting's name
    }
    throw new IllegalArgumentException(
        name + " must be a whole number within " + min + ".." + max + ", not '" + text + "'");
  }

  /** A number of seconds within {@code min..max}, or {@code fallback} seconds when absent. */
  public Duration seconds(String name, int fallback, int min, int max) {
    return Duration.ofSeconds(integer(name, fallback, min, max));
  }

  /** A number of milliseconds within {@code min..max}, or {@code fallback} ms when absent. */
  public Duration millis(String name, int fallback, int min, int max) {
    return Duration.ofMillis(integer(name, fallback, min, max));
  }

  /** {@code true} or {@code false} (any case); {@code false} when absent. */
  public boolean bool(String name) {
    String text = values.getOrDefault(name, "false");
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(name + " must be true or false, not '" + text + "'");
  }

  /** A present setting's value as a URI. */
  public URI uri(String name) {
    return Plugins.uri(name, required(name, "here"));
  }

  /** A present setting's value as an absolute {@code http} or {@code https} URL. */
  public URI httpUri(String name) {
    String text = required(name, "here");
    try {
      URI uri = new URI(text);
      if (uri.getHost() != null
          && ("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with the setting's name
    }
    throw new IllegalArgumentException(name + " must be an absolute http(s) URL: '" + text + "'");
  }

  /**
   * The words of a present setting, separated by whitespace and, unless they may contain commas
   * as audience URIs may, by commas. Empty words (a leading separator) are skipped.
   */
  public List<String> words(String name, boolean commaSeparates) {
    return Stream.of(required(name, "here").split(commaSeparates ? "[\\s,]+" : "\\s+"))
        .filter(word -> !word.isEmpty())
        .toList();
  }

  /**
   * The secret a present setting refers to, as {@code env:VARIABLE} or {@code file:/path}: the
   * secret itself never appears in configuration, and no message contains it.
   */
  public String secret(String name) {
    return SecretReference.read(name, required(name, "here"), environment);
  }

  /** The environment {@code env:} secrets are read from, for settings parsed after these. */
  Function<String, String> environment() {
    return environment;
  }

  @Override
  public String toString() {
    // Names only: values may be secrets' references or addresses an operator would not log.
    return "SettingValues" + values.keySet();
  }
}
