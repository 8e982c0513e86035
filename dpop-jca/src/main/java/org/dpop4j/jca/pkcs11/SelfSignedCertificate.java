package org.dpop4j.jca.pkcs11;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A minimal self-signed X.509 v1 certificate, DER-encoded here because the JDK has no public API
 * to build one. SunPKCS11's KeyStore lists a private key only when a certificate with the same
 * CKA_ID exists, so the certificate is what makes a generated key findable by alias; its own
 * content matters only as the carrier of the public key.
 */
final class SelfSignedCertificate {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(3650);

  /** ecdsa-with-SHA256, 1.2.840.10045.4.3.2, without parameters (RFC 5758 §3.2). */
  private static final byte[] ECDSA_WITH_SHA256 =
      sequence(bytes(0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02));

  /** sha256WithRSAEncryption, 1.2.840.113549.1.1.11, with NULL parameters (RFC 4055 §5). */
  private static final byte[] SHA256_WITH_RSA =
      sequence(
          bytes(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B),
          bytes(0x05, 0x00));

  /** id-at-commonName, 2.5.4.3. */
  private static final byte[] COMMON_NAME = bytes(0x06, 0x03, 0x55, 0x04, 0x03);

  private SelfSignedCertificate() {}

  /** A certificate for {@code keys} with subject and issuer CN={@code commonName}. */
  static X509Certificate create(
      String commonName, KeyPair keys, Provider signingProvider, Instant notBefore)
      throws GeneralSecurityException {
    boolean rsa = keys.getPublic().getAlgorithm().equals("RSA");
    byte[] algorithm = rsa ? SHA256_WITH_RSA : ECDSA_WITH_SHA256;
    byte[] name =
        sequence(
            set(sequence(COMMON_NAME, tagged(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    byte[] tbs =
        sequence(
            tagged(0x02, serialNumber()),
            algorithm,
            name,
            sequence(time(notBefore), time(notBefore.plus(VALIDITY))),
            name,
            keys.getPublic().getEncoded());

    Signature signer =
        Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA", signingProvider);
    signer.initSign(keys.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();

    byte[] der = sequence(tbs, algorithm, bitString(signature));
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    // Proves, with the software provider, that the token signed with the matching private key.
    certificate.verify(keys.getPublic());
    return certificate;
  }

  private static byte[] serialNumber() {
    byte[] serial = new byte[16];
    RANDOM.nextBytes(serial);
    return new BigInteger(1, serial).setBit(120).toByteArray();
  }

  /** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
  private static byte[] time(Instant instant) {
    ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
    boolean utcTime = utc.getYear() < 2050;
    String text =
        utc.format(DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'"));
    return tagged(utcTime ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bitString(byte[] content) {
    byte[] withUnusedBits = new byte[content.length + 1];
    System.arraycopy(content, 0, withUnusedBits, 1, content.length);
    return tagged(0x03, withUnusedBits);
  }

  private static byte[] sequence(byte[]... elements) {
    return tagged(0x30, concat(elements));
  }

  private static byte[] set(byte[]... elements) {
    return tagged(0x31, concat(elements));
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int lengthBytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | lengthBytes);
      for (int shift = (lengthBytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return result;
  }
}
