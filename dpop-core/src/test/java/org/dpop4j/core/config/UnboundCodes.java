package org.dpop4j.core.config;

import java.util.Optional;
import org.dpop4j.core.AuthorizationCodeBinding;

/** An {@link AuthorizationCodeBinding} for settings tests, named by its class. */
public final class UnboundCodes implements AuthorizationCodeBinding {

  @Override
  public Optional<String> boundDpopJkt(String code) {
    return Optional.empty();
  }
}
