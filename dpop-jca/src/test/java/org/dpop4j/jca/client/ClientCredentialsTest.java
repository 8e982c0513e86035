package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nulls by name, ranges and a scope set once, refused when the credentials are made. */
class ClientCredentialsTest {

  private static final URI ENDPOINT = URI.create("https://as.example.test/token");

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> ClientCredentials.of((URI) null, "client-42", "secret"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tokenEndpoint");
    assertThatThrownBy(() -> ClientCredentials.of(ENDPOINT, null, "secret"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientId");
    assertThatThrownBy(() -> ClientCredentials.of(ENDPOINT, "client-42", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clientSecret");
    assertThatThrownBy(
            () -> ClientCredentials.of((AuthorizationServerMetadata) null, "client-42", "secret"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata");
    assertThatThrownBy(() -> credentials().withScope(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scope");
    assertThatThrownBy(() -> AuthorizationServerMetadata.of(null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tokenEndpoint");
    assertThatThrownBy(() -> AuthorizationServerMetadata.of(ENDPOINT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dpopSigningAlgValuesSupported");
  }

  @Test
  void emptyValuesAreRefused() {
    assertThatThrownBy(() -> ClientCredentials.of(ENDPOINT, "", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientId");
    assertThatThrownBy(() -> ClientCredentials.of(ENDPOINT, "client-42", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientSecret");
    assertThatThrownBy(() -> credentials().withScope(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scope");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/token", "token", "ftp://as.example.test/token", "urn:as:token"})
  void aTokenEndpointThatIsNoAbsoluteHttpUriIsRefused(String endpoint) {
    assertThatThrownBy(() -> ClientCredentials.of(URI.create(endpoint), "client-42", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute http(s)");
  }

  @Test
  void aScopeIsRequestedOnce() {
    ClientCredentials withScope = credentials().withScope("orders.read");

    assertThat(withScope.scope()).contains("orders.read");
    assertThat(credentials().scope()).isEmpty();
    assertThatThrownBy(() -> withScope.withScope("orders.write"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("scope is already set");
  }

  @Test
  void toStringLeavesOutTheSecret() {
    assertThat(ClientCredentials.of(ENDPOINT, "client-42", "s3cret-value").toString())
        .contains("client-42")
        .doesNotContain("s3cret-value");
  }

  private static ClientCredentials credentials() {
    return ClientCredentials.of(ENDPOINT, "client-42", "secret");
  }
}
