package org.dpop4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void withoutArgumentsTheDemoNarratesWithASoftwareKey() {
    DemoOptions options = DemoOptions.parse();

    assertThat(options.serve()).isFalse();
    assertThat(options.pkcs11()).isEmpty();
  }

  @Test
  void serveListensOn8080WithoutNoncesByDefault() {
    DemoOptions options = DemoOptions.parse("serve");

    assertThat(options.serve()).isTrue();
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.requireNonce()).isFalse();
  }

  @Test
  void serveTakesPortNonceAndPkcs11Key() {
    DemoOptions options =
        DemoOptions.parse("serve", "--port", "9090", "--require-nonce",
            "--pkcs11-library", "/usr/lib/softhsm/libsofthsm2.so", "--pkcs11-slot-index", "1",
            "--pkcs11-pin-env", "HSM_PIN", "--pkcs11-key-alias", "as-key");

    assertThat(options.port()).isEqualTo(9090);
    assertThat(options.requireNonce()).isTrue();
    assertThat(options.pkcs11())
        .contains(new DemoOptions.Pkcs11Key(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"), 1, "HSM_PIN", "as-key"));
  }

  @Test
  void refusesWhatItCannotHonour() {
    assertThatThrownBy(() -> DemoOptions.parse("--port", "9090"))
        .hasMessage("--port and --require-nonce apply to serve only");
    assertThatThrownBy(() -> DemoOptions.parse("serve", "--port", "65536"))
        .hasMessage("--port must be a whole number within 0..65535, not '65536'");
    assertThatThrownBy(() -> DemoOptions.parse("serve", "--port"))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("serve", "--pkcs11-library", "/lib.so"))
        .hasMessageContaining("needs --pkcs11-library, --pkcs11-pin-env and --pkcs11-key-alias");
    assertThatThrownBy(() -> DemoOptions.parse("server"))
        .hasMessage("unknown argument 'server'");
  }
}
