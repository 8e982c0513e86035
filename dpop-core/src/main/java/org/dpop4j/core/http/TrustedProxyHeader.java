package org.dpop4j.core.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Which forwarding header the trusted proxies write. Only that one is believed: a proxy that sets
 * one kind usually passes the other through from the client untouched, so believing both would
 * let the client choose the target URI.
 */
public enum TrustedProxyHeader {
  /** RFC 7239 {@code Forwarded}: {@code proto} and {@code host} of its last element. */
  FORWARDED("forwarded"),
  /** {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port}. */
  X_FORWARDED("x-forwarded");

  private final String settingValue;

  TrustedProxyHeader(String settingValue) {
    this.settingValue = settingValue;
  }

  /** The value of the {@code dpop.trusted-proxy-header} setting naming it. */
  public String settingValue() {
    return settingValue;
  }

  /** The header named by a setting value, matched case-insensitively. */
  public static Optional<TrustedProxyHeader> fromSettingValue(String value) {
    for (TrustedProxyHeader header : values()) {
      if (header.settingValue.equals(value.toLowerCase(Locale.ROOT))) {
        return Optional.of(header);
      }
    }
    return Optional.empty();
  }
}
