package org.dpop4j.core.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * One IPv4 or IPv6 address or CIDR range, parsed from a literal only: no name is ever resolved,
 * so neither configuration nor a peer address can trigger a DNS lookup.
 */
final class AddressRange {

  private final byte[] network;
  private final int prefixLength;

  private AddressRange(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * @param text an address ({@code 10.0.0.1}, {@code ::1}) or a range ({@code 10.0.0.0/8},
   *     {@code fd00::/8})
   * @throws IllegalArgumentException if {@code text} is neither
   */
  static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes =
        addressBytes(address)
            .orElseThrow(
                () -> new IllegalArgumentException("not an IP address or CIDR range: " + text));
    int maxPrefix = bytes.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String prefixText = text.substring(slash + 1);
      if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > maxPrefix) {
        throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
      }
      prefix = Integer.parseInt(prefixText);
    }
    return new AddressRange(bytes, prefix);
  }

  /** Whether {@code address}, an IP literal, lies in this range; false for anything else. */
  boolean contains(String address) {
    Optional<byte[]> candidate = addressBytes(address);
    if (candidate.isEmpty() || candidate.get().length != network.length) {
      return false;
    }
    byte[] bytes = candidate.get();
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  /**
   * The bytes of an IPv4 dotted quad or an IPv6 literal (brackets and zone id allowed). IPv4-mapped
   * IPv6 addresses come back as 4 bytes, so {@code ::ffff:10.0.0.1} is in {@code 10.0.0.0/8}.
   */
  static Optional<byte[]> addressBytes(String text) {
    String address = text.strip();
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    if (address.indexOf(':') < 0) {
      return ipv4Bytes(address);
    }
    int zone = address.indexOf('%');
    if (zone >= 0) {
      address = address.substring(0, zone);
    }
    // Only hex digits, colons and dots: InetAddress then parses a literal and never resolves.
    if (address.isEmpty() || !address.matches("[0-9A-Fa-f:.]+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(address).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<byte[]> ipv4Bytes(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("[0-9]{1,3}")) {
        return Optional.empty();
      }
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }
}
