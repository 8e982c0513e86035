package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Jose4jJson} reads JSON as jose4j's public {@link JsonUtil#parseJson} does: the same
 * objects with the same value types, the same refusals. It uses jose4j's internal parser, so a
 * jose4j upgrade that changes or removes that parser fails this test (or the build) rather than
 * changing verdicts unseen.
 */
class Jose4jJsonTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\"}}",
        "{\"iat\":1700000000,\"exp\":1.7e9,\"neg\":-1,\"big\":123456789012345678901234567890}",
        "{\"a\":[1,\"two\",null,true,false,{\"b\":[]}]}",
        "{\"unicode\":\"\\u00e9\\ud83d\\ude00\",\"escaped\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
        " \n{ \"spaced\" : 1 } \n",
        "{\"nested\":{\"a\":{\"a\":{\"a\":{}}}}}",
        "{\"a\":1,}",
        "{\"alg\":\"ES256\",\"alg\":\"none\"}",
        "{\"jwk\":{\"kty\":\"EC\",\"kty\":\"RSA\"}}",
        "{",
        "{\"a\":}",
        "{\"a\":1} trailing",
        "",
        "nul",
        "{'a':1}",
      })
  void acceptsAndRefusesWhatJsonUtilDoes(String json) throws JoseException {
    Throwable publicRefusal = catchThrowable(() -> JsonUtil.parseJson(json));
    if (publicRefusal != null) {
      assertThat(catchThrowable(() -> Jose4jJson.parseObject(json)))
          .isInstanceOf(JoseException.class);
      return;
    }
    Map<String, Object> parsed = Jose4jJson.parseObject(json);
    Map<String, Object> expected = JsonUtil.parseJson(json);

    assertThat(parsed).isEqualTo(expected);
    assertThat(shape(parsed)).isEqualTo(shape(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1,\"a\":1}", "{\"o\":{\"x\":1,\"x\":2}}"})
  void aRepeatedMemberNameIsRefusedAtAnyDepth(String json) {
    assertThat(catchThrowable(() -> Jose4jJson.parseObject(json)))
        .isInstanceOf(JoseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "1", "null", "true"})
  void aJsonValueThatIsNotAnObjectIsRefused(String json) {
    assertThat(catchThrowable(() -> Jose4jJson.parseObject(json)))
        .isInstanceOf(JoseException.class);
  }

  @Test
  void aPooledParserThatRefusedTextReadsTheNextObjectWhole() throws Exception {
    for (int i = 0; i < 100; i++) {
      assertThat(catchThrowable(() -> Jose4jJson.parseObject("{\"half\":[1,"))).isNotNull();
      assertThat(Jose4jJson.parseObject("{\"n\":" + i + "}")).containsEntry("n", (long) i);
    }
  }

  @Test
  void concurrentParsesNeverShareAParser() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    String value = thread + "-" + i;
                    Map<String, Object> parsed =
                        Jose4jJson.parseObject("{\"v\":\"" + value + "\",\"pad\":[1,2,3]}");
                    if (!value.equals(parsed.get("v"))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The value's structure with the Java type of every leaf, whatever the map classes. */
  private static Object shape(Object value) {
    if (value instanceof Map<?, ?> object) {
      return object.entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey(), e -> shape(e.getValue())));
    }
    if (value instanceof List<?> array) {
      return array.stream().map(Jose4jJsonTest::shape).toList();
    }
    return value == null ? "null" : value.getClass().getName();
  }
}
