package org.dpop4j.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;
import org.jose4j.lang.JoseException;

/**
 * A proof in JWS compact serialization, each part base64url-decoded once: the JOSE header when
 * the proof is parsed, the claims when they are asked for, and the signature input and value for
 * the signature check. The JSON is read by {@link Jose4jJson}, as jose4j's {@code
 * JsonUtil.parseJson} reads it, so verdicts are those of jose4j's parsing without its second
 * decoding of every part.
 */
public final class CompactProof {

  // Never fails on what isStrictCompactJws admits, and decodes it to the same bytes as jose4j.
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final String compact;
  private final int firstDot;
  private final int lastDot;
  private final Map<String, Object> header;

  private CompactProof(String compact, int firstDot, int lastDot, Map<String, Object> header) {
    this.compact = compact;
    this.firstDot = firstDot;
    this.lastDot = lastDot;
    this.header = header;
  }

  /**
   * Splits {@code compact} and parses its header.
   *
   * @throws DpopException {@link RefusalReason#MALFORMED_PROOF} unless {@code compact} is three
   *     parts of unpadded base64url whose header is a JSON object in well-formed UTF-8
   */
  public static CompactProof parse(String compact) throws DpopException {
    if (!isStrictCompactJws(compact)) {
      throw new DpopException(RefusalReason.MALFORMED_PROOF);
    }
    int firstDot = compact.indexOf('.');
    String headerJson = strictUtf8(BASE64URL.decode(compact.substring(0, firstDot)));
    if (headerJson == null) {
      throw new DpopException(RefusalReason.MALFORMED_PROOF);
    }
    Map<String, Object> header = jsonObject(headerJson, RefusalReason.MALFORMED_PROOF);
    return new CompactProof(compact, firstDot, compact.lastIndexOf('.'), header);
  }

  /** The value of a JOSE header parameter, null when absent. */
  public Object header(String name) {
    return header.get(name);
  }

  /**
   * The claims.
   *
   * @throws DpopException {@link RefusalReason#MALFORMED_CLAIMS} unless the payload is a JSON
   *     object in well-formed UTF-8
   */
  public Map<String, Object> claims() throws DpopException {
    // With "b64": false (RFC 7797) the payload part would be the claims text itself, and text in
    // the base64url alphabet is never a JSON object.
    if (Boolean.FALSE.equals(header.get("b64"))) {
      throw new DpopException(RefusalReason.MALFORMED_CLAIMS);
    }
    String claimsJson = strictUtf8(BASE64URL.decode(compact.substring(firstDot + 1, lastDot)));
    if (claimsJson == null) {
      throw new DpopException(RefusalReason.MALFORMED_CLAIMS);
    }
    return jsonObject(claimsJson, RefusalReason.MALFORMED_CLAIMS);
  }

  /** The JWS signing input: the encoded header and payload with the dot between them. */
  public byte[] signingInput() {
    return compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
  }

  /** The decoded signature. */
  public byte[] signature() {
    return BASE64URL.decode(compact.substring(lastDot + 1));
  }

  /** {@code json} parsed, when it is one JSON object without repeated member names. */
  private static Map<String, Object> jsonObject(String json, RefusalReason otherwise)
      throws DpopException {
    try {
      return Jose4jJson.parseObject(json);
    } catch (JoseException e) {
      throw new DpopException(otherwise, e);
    }
  }

  /**
   * The text of {@code bytes} when they are well-formed UTF-8, as RFC 7515 §5.2 and RFC 8259 §8.1
   * require, else null. jose4j replaces malformed bytes with U+FFFD, so a proof could carry bytes
   * that every other parser reads differently (or refuses) and still be accepted.
   */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Three non-empty parts of unpadded base64url, which jose4j's lenient decoder does not check. */
  /** Whether a character below 128 is in the base64url alphabet (RFC 4648 §5). */
  private static final boolean[] BASE64URL_ALPHABET = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      BASE64URL_ALPHABET[c] = true;
      BASE64URL_ALPHABET[Character.toLowerCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      BASE64URL_ALPHABET[c] = true;
    }
    BASE64URL_ALPHABET['-'] = true;
    BASE64URL_ALPHABET['_'] = true;
  }

  private static boolean isStrictCompactJws(String compact) {
    int parts = 1;
    int partLength = 0;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (c == '.') {
        if (partLength == 0 || partLength % 4 == 1) {
          return false;
        }
        parts++;
        partLength = 0;
      } else if (c < BASE64URL_ALPHABET.length && BASE64URL_ALPHABET[c]) {
        partLength++;
      } else {
        return false;
      }
    }
    return parts == 3 && partLength != 0 && partLength % 4 != 1;
  }
}
