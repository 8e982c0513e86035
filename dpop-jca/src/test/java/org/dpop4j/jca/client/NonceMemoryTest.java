package org.dpop4j.jca.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that follows URLs from responses, or talks to many hosts, must not remember a nonce
 * for every origin it ever saw: memory grew without bound.
 */
class NonceMemoryTest {

  static final int BOUND = NonceMemory.MAXIMUM_ORIGINS;

  @Test
  void nonceMemoryStaysBoundedAcrossManyOrigins() {
    NonceMemory memory = new NonceMemory();
    URI api = URI.create("https://api.example.test/orders");
    memory.remember(api, offering("api-nonce"));
    int origins = 10 * BOUND;

    for (int i = 0; i < origins; i++) {
      memory.remember(host(i), offering("nonce-" + i));
      if (i % 100 == 0) {
        // The origin the client keeps using is the most recently used, whatever else it saw.
        assertThat(memory.latestFor(api)).contains("api-nonce");
      }
      assertThat(memory.size()).isLessThanOrEqualTo(BOUND);
    }

    assertThat(memory.size()).isEqualTo(BOUND);
    assertThat(memory.latestFor(api)).contains("api-nonce");
    for (int i = origins - (BOUND - 1); i < origins; i++) {
      assertThat(memory.latestFor(host(i))).contains("nonce-" + i);
    }
    assertThat(memory.latestFor(host(0))).as("evicted: the next request is challenged").isEmpty();
    assertThat(memory.latestFor(host(origins - BOUND))).isEmpty();
  }

  @Test
  void anOriginIsSchemeHostAndPortWhateverThePathOrCase() {
    NonceMemory memory = new NonceMemory();
    memory.remember(URI.create("https://API.example.test/a"), offering("n1"));

    assertThat(memory.latestFor(URI.create("https://api.example.test:443/b?c"))).contains("n1");
    assertThat(memory.latestFor(URI.create("http://api.example.test/a"))).isEmpty();
    assertThat(memory.latestFor(URI.create("https://api.example.test:8443/a"))).isEmpty();
    assertThat(memory.remember(URI.create("https://api.example.test/"), offering(" "))).isEmpty();
    assertThat(memory.latestFor(URI.create("https://api.example.test/"))).contains("n1");
  }

  static URI host(int i) {
    return URI.create("https://host-" + i + ".example.test/resource");
  }

  static HttpHeaders offering(String nonce) {
    return HttpHeaders.of(Map.of("DPoP-Nonce", List.of(nonce)), (name, value) -> true);
  }
}
