package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the {@code htu} normalizer with any text a proof could carry: it must never throw, and
 * its output must be a fixed point, or one URL could be spelled so that it matches a request in
 * one place and not in another.
 */
class HtuNormalizerFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void anyHtuNormalizesWithoutThrowingToAFixedPoint(byte[] input) {
    String htu = new String(input, StandardCharsets.UTF_8);

    Optional<String> normalized = HtuNormalizer.normalize(htu);

    if (normalized.isPresent()) {
      assertThat(HtuNormalizer.normalize(normalized.get())).isEqualTo(normalized);
    }
  }
}
