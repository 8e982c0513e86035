package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;

/**
 * Fuzzes the {@code Authorization} header parsing and the token validation behind it, so that no
 * credentials header can crash authentication or be answered with anything but 400, 401 or 503.
 *
 * <p>An input is text (one char per byte, as a container hands headers over): the first line is
 * the {@code Authorization} value, every further line a {@code DPoP} value; an empty input sends
 * neither. {@code {token}} is replaced by a freshly issued token bound to the test key and {@code
 * {proof}} by a fresh valid proof for it, so the corpus also reaches the accepted path (see {@code
 * DpopAuthenticatorFuzzTestInputs/}).
 */
class DpopAuthenticatorFuzzTest {

  private static final URI TARGET = URI.create("https://api.example.test/orders");
  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");
  private static final DpopAuthenticator AUTHENTICATOR =
      DpopAuthenticator.of(
          DpopVerifier.builder().build(),
          JwtAccessTokenValidator.builder()
              .jwks(TOKENS.jwksJson())
              .issuer(TestTokens.ISSUER)
              .audience(TestTokens.AUDIENCE)
              .build());

  @FuzzTest(maxDuration = "20s")
  void anyAuthorizationHeaderIsRefusedWithA400Or401Or503AndNeverCrashes(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    if (text.contains("{token}") || text.contains("{proof}")) {
      // Issuing costs an RSA signature: only for the inputs that ask for one.
      String token = TOKENS.boundToken("alice", KEY.thumbprint(), "read");
      text =
          text.replace("{token}", token)
              .replace("{proof}", KEY.proof("GET", TARGET.toString()).accessToken(token).sign());
    }
    List<String> lines = input.length == 0 ? List.of() : List.of(text.split("\n", -1));
    List<String> authorization = lines.isEmpty() ? List.of() : lines.subList(0, 1);
    List<String> dpop = lines.isEmpty() ? List.of() : lines.subList(1, lines.size());

    try {
      DpopAuthentication authentication =
          AUTHENTICATOR.authenticate("GET", TARGET, authorization, dpop);
      assertThat(authentication.proof().thumbprint()).isEqualTo(KEY.thumbprint());
    } catch (DpopException refused) {
      assertThat(ResourceServerProtection.of(AUTHENTICATOR).refusal(refused).status()).isIn(400, 401, 503);
    }
  }
}
