package org.dpop4j.testing;

/**
 * What the build (surefire, failsafe) hands the tests: system properties and environment
 * variables that must be set. A missing one fails the test loudly, never skips it.
 */
public final class BuildSettings {

  private BuildSettings() {}

  /** The system property {@code name}, which the build sets. */
  public static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run the tests through Maven");
    }
    return value;
  }

  /** The environment variable {@code name}, which the build sets. */
  public static String environment(String name) {
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: run the tests through Maven");
    }
    return value;
  }
}
