package org.dpop4j.ehcache;

import org.ehcache.spi.resilience.StoreAccessException;

/** The Ehcache store failed to answer; the replay cache turns this into "unavailable". */
final class ReplayStoreFailure extends RuntimeException {

  ReplayStoreFailure(String operation, StoreAccessException cause) {
    super("replay store failed during " + operation, cause);
  }
}
