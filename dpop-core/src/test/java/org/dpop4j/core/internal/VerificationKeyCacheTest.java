package org.dpop4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.testing.TestKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

class VerificationKeyCacheTest {

  static final TestKey HOT_KEY = TestKey.generate("ES256");

  @Test
  void aKeyIsCachedOnlyAfterItsSignatureVerified() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(10);
    TestKey key = TestKey.generate("ES256");
    TestKey other = TestKey.generate("ES256");

    String forged = key.proof("GET", "https://api.example.com/").signedBy(
        other.keyPair().getPrivate()).sign();
    assertThatThrownBy(() -> checkSignature(cache, forged, jwk(key)))
        .isInstanceOfSatisfying(
            DpopException.class,
            refusal -> assertThat(refusal.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE));
    assertThat(cache.size()).isZero();

    checkSignature(cache, key.proof("GET", "https://api.example.com/").sign(), jwk(key));
    assertThat(cache.size()).isEqualTo(1);
    assertThat(isCached(cache, jwk(key))).isTrue();
  }

  @Test
  void neverHoldsMoreKeysThanItsSize() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(10);
    for (int i = 0; i < 40; i++) {
      TestKey key = TestKey.generate("ES256");
      // The second use promotes the key from probation, so both segments fill up.
      checkSignature(cache, key.proof("GET", "https://api.example.com/").sign(), jwk(key));
      checkSignature(cache, key.proof("GET", "https://api.example.com/").sign(), jwk(key));
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    assertThat(cache.size()).isEqualTo(10);
  }

  @Test
  void aStreamOfNewKeysDoesNotPushOutAKeyInSteadyUse() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(10);
    checkSignature(cache, HOT_KEY.proof("GET", "https://api.example.com/").sign(), jwk(HOT_KEY));
    assertThat(isCached(cache, jwk(HOT_KEY))).isTrue();

    for (int i = 0; i < 100; i++) {
      TestKey fresh = TestKey.generate("ES256");
      checkSignature(cache, fresh.proof("GET", "https://api.example.com/").sign(), jwk(fresh));
    }

    assertThat(isCached(cache, jwk(HOT_KEY))).isTrue();
  }

  @Test
  void clientsTakingTurnsAllStayCachedWhenTheyFit() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(30);
    List<TestKey> clients = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      clients.add(TestKey.generate("ES256"));
    }
    for (int turn = 0; turn < 2; turn++) {
      for (TestKey client : clients) {
        checkSignature(cache, client.proof("GET", "https://api.example.com/").sign(), jwk(client));
      }
    }

    for (TestKey client : clients) {
      assertThat(isCached(cache, jwk(client))).isTrue();
    }
  }

  @Test
  void aJwkWithAMemberThatIsNotAStringIsNeverCached() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(10);
    Map<String, Object> withKeyOps = jwk(HOT_KEY);
    withKeyOps.put("key_ops", List.of("verify"));
    String proof =
        HOT_KEY.proof("GET", "https://api.example.com/").header("jwk", withKeyOps).sign();

    checkSignature(cache, proof, withKeyOps);

    assertThat(cache.size()).isZero();
  }

  @Test
  void sizeZeroCachesNothing() throws Exception {
    VerificationKeyCache cache = new VerificationKeyCache(0);
    checkSignature(cache, HOT_KEY.proof("GET", "https://api.example.com/").sign(), jwk(HOT_KEY));
    checkSignature(cache, HOT_KEY.proof("GET", "https://api.example.com/").sign(), jwk(HOT_KEY));

    assertThat(cache.size()).isZero();
    assertThat(isCached(cache, jwk(HOT_KEY))).isFalse();
  }

  /** A cached key is handed out as the same object every time; a parsed one is new each time. */
  static boolean isCached(VerificationKeyCache cache, Map<String, Object> jwk)
      throws DpopException {
    return cache.keyFor(jwk, VerificationKeyCacheTest::parse)
        == cache.keyFor(jwk, VerificationKeyCacheTest::parse);
  }

  /** Checks the signature of {@code compact} with the key the cache gives for {@code jwk}. */
  static VerificationKey checkSignature(
      VerificationKeyCache cache, String compact, Map<String, Object> jwk) throws DpopException {
    VerificationKey key = cache.keyFor(jwk, VerificationKeyCacheTest::parse);
    key.checkSignature(CompactProof.parse(compact), JwsAlgorithm.ES256);
    return key;
  }

  static PublicJsonWebKey parse(Map<?, ?> members) throws DpopException {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) members;
      return PublicJsonWebKey.Factory.newPublicJwk(params);
    } catch (JoseException e) {
      throw new DpopException(RefusalReason.INVALID_JWK, e);
    }
  }

  static Map<String, Object> jwk(TestKey key) {
    return new LinkedHashMap<>(
        key.publicJwk().toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
  }
}
