package org.dpop4j.core.nonce;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.dpop4j.core.internal.BuilderOptions;
import org.jose4j.base64url.Base64Url;

/**
 * Issues and checks server nonces (RFC 9449 §8, §9) without storing them.
 *
 * <p>Time is cut into periods of {@link Builder#rotationPeriod}. The nonce of a period is the
 * period number authenticated with HMAC-SHA256 under a secret key, so every node that shares the
 * key issues and accepts the same nonces. A nonce is accepted during its own period and the next
 * one, so a client that fetched it just before a rotation still has a full period to use it.
 * Successful requests that carry the previous period's nonce are offered the current one (see
 * {@code DpopVerifier#nonceToOffer}), so clients move over before their nonce stops working.
 *
 * <p>The key may live in an HSM: pass its {@link Provider}. Instances are immutable and thread-safe.
 */
public final class NonceService {

  private static final int MAC_BYTES = 16;
  private static final int NONCE_BYTES = Long.BYTES + MAC_BYTES;
  private static final byte[] DOMAIN = "dpop4j nonce v1".getBytes(StandardCharsets.US_ASCII);

  /** The verdict on a presented nonce. */
  public enum Check {
    /** Issued in the current period. */
    CURRENT,
    /** Issued in the previous period: still accepted; offer the current one. */
    PREVIOUS,
    /** Authentic but older than the previous period. */
    EXPIRED,
    /** Not a nonce this service issued (malformed, forged, or under another key). */
    INVALID
  }

  private final SecretKey key;
  private final Provider provider;
  private final long rotationMillis;
  private final Clock clock;

  private NonceService(Builder builder) {
    this.key = builder.key;
    this.provider = builder.provider;
    this.rotationMillis = builder.rotationPeriod.toMillis();
    this.clock = builder.clock;
    mac(0); // fail at construction, not on the first request, if the key cannot compute HMACs
  }

  public static Builder builder(SecretKey hmacKey) {
    return new Builder(hmacKey);
  }

  /** The nonce to hand out now. */
  public String currentNonce() {
    return encode(currentPeriod());
  }

  /** Whether {@code nonce} was issued by this service and is still acceptable. */
  public Check check(String nonce) {
    if (nonce == null || nonce.length() != 32) {
      return Check.INVALID;
    }
    byte[] decoded;
    try {
      decoded = Base64Url.decode(nonce);
    } catch (RuntimeException e) {
      return Check.INVALID;
    }
    if (decoded.length != NONCE_BYTES) {
      return Check.INVALID;
    }
    long period = ByteBuffer.wrap(decoded).getLong();
    byte[] presentedMac = Arrays.copyOfRange(decoded, Long.BYTES, NONCE_BYTES);
    if (!MessageDigest.isEqual(presentedMac, mac(period))) {
      return Check.INVALID;
    }
    long current = currentPeriod();
    if (period == current) {
      return Check.CURRENT;
    }
    if (period == current - 1) {
      return Check.PREVIOUS;
    }
    return period < current ? Check.EXPIRED : Check.INVALID;
  }

  private long currentPeriod() {
    return Math.floorDiv(clock.millis(), rotationMillis);
  }

  private String encode(long period) {
    byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).putLong(period).put(mac(period)).array();
    return Base64Url.encode(nonce);
  }

  private byte[] mac(long period) {
    try {
      Mac mac = provider == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", provider);
      mac.init(key);
      mac.update(DOMAIN);
      mac.update(ByteBuffer.allocate(Long.BYTES).putLong(period).array());
      return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 with the nonce key failed", e);
    }
  }

  /** Configures a {@link NonceService}. Each option may be set once. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final SecretKey key;
    private Provider provider;
    private Duration rotationPeriod = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder(SecretKey key) {
      this.key = Objects.requireNonNull(key, "hmacKey");
    }

    /** The JCA provider that holds the key, for example a SunPKCS11 instance. */
    public Builder provider(Provider provider) {
      this.provider = options.set("provider", provider);
      return this;
    }

    /**
     * How long each nonce is current; it stays acceptable for one more period. Default 5 min; 1 s
     * to 1 day.
     */
    public Builder rotationPeriod(Duration rotationPeriod) {
      this.rotationPeriod =
          options.setWithin(
              "rotationPeriod",
              rotationPeriod,
              Duration.ofSeconds(1),
              Duration.ofDays(1));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = options.set("clock", clock);
      return this;
    }

    public NonceService build() {
      return new NonceService(this);
    }
  }
}
