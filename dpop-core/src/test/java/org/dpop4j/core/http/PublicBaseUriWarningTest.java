package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.config.DpopSettings;
import org.junit.jupiter.api.Test;

/**
 * Without {@value DpopSettings#PUBLIC_BASE_URI} the {@code Host} header decides the target URI:
 * the gate says so once, when it is created, and never per request. Read from the test logger
 * (slf4j-simple), which writes each line to the {@code System.err} of the moment.
 */
class PublicBaseUriWarningTest {

  private static final String WARNING = DpopSettings.PUBLIC_BASE_URI + " is not set";
  private static final String TARGET = "https://as.example.test/token";

  private static TokenEndpointProtection.Builder tokenEndpoint() {
    return TokenEndpointProtection.builder(DpopVerifier.builder().build());
  }

  private static String loggedDuring(Runnable action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void aGateWithoutPublicBaseUriWarnsOnceAtStartupNotPerRequest() {
    DpopGate[] gate = new DpopGate[1];
    String atStartup = loggedDuring(() -> gate[0] = DpopGate.of(tokenEndpoint().build()));
    String perRequest =
        loggedDuring(
            () -> {
              for (int i = 0; i < 3; i++) {
                gate[0].check(new TestRequest("POST", TARGET, Optional.empty(), Map.of(), Map.of()));
              }
            });

    assertThat(occurrences(atStartup, WARNING)).isEqualTo(1);
    assertThat(atStartup).contains("WARN");
    assertThat(perRequest).doesNotContain(WARNING);
  }

  @Test
  void aGateWithPublicBaseUriDoesNotWarn() {
    TargetUriResolver pinned =
        TargetUriResolver.builder()
            .publicBaseUris(List.of(URI.create("https://as.example.test")))
            .build();

    String atStartup =
        loggedDuring(() -> DpopGate.of(tokenEndpoint().targetUriResolver(pinned).build()));

    assertThat(atStartup).doesNotContain(WARNING);
  }
}
