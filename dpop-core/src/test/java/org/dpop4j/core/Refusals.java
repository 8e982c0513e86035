package org.dpop4j.core;

/** Runs a check that must refuse, and tells why it did. */
final class Refusals {

  interface Check {
    Object run() throws DpopException;
  }

  private Refusals() {}

  static RefusalReason of(Check check) {
    try {
      Object accepted = check.run();
      throw new AssertionError("expected a refusal, but it was accepted: " + accepted);
    } catch (DpopException e) {
      return e.reason();
    }
  }
}
