package org.dpop4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder contract of {@link RequestView.Builder}, and what the view makes of the parts. */
class RequestViewBuilderTest {

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> RequestView.builder(null, "https://a.test/")).hasMessage("method");
    assertThatThrownBy(() -> RequestView.builder("GET", null)).hasMessage("requestUrl");
    RequestView.Builder builder = RequestView.builder("GET", "https://a.test/");
    assertThatThrownBy(() -> builder.peerAddress(null)).hasMessage("peerAddress");
    assertThatThrownBy(() -> builder.headers(null)).hasMessage("headers");
    assertThatThrownBy(() -> builder.parameters(null)).hasMessage("parameters");
  }

  @Test
  void everyPartIsSetOnce() {
    RequestView.Builder builder =
        RequestView.builder("GET", "https://a.test/")
            .peerAddress("192.0.2.1")
            .headers(name -> null)
            .parameters(name -> null);
    assertThatThrownBy(() -> builder.peerAddress("192.0.2.2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("peerAddress is already set");
    assertThatThrownBy(() -> builder.headers(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("headers is already set");
    assertThatThrownBy(() -> builder.parameters(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("parameters is already set");
  }

  @Test
  void absentValuesAreEmptyListsAndAnUnknownPeerIsEmpty() {
    RequestView view =
        RequestView.builder("POST", "https://a.test/token")
            .headers(Map.of("DPoP", List.of("p"))::get)
            .build();

    assertThat(view.method()).isEqualTo("POST");
    assertThat(view.requestUrl()).isEqualTo("https://a.test/token");
    assertThat(view.peerAddress()).isEmpty();
    assertThat(view.headerValues("DPoP")).containsExactly("p");
    assertThat(view.headerValues("Authorization")).isEmpty();
    assertThat(view.parameterValues("code")).isEmpty();
  }
}
