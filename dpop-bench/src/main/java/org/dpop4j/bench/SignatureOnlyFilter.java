package org.dpop4j.bench;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * The servlet benchmark's lower bound: a filter that does nothing but check the ES256 signature
 * of the {@code DPoP} header, with BouncyCastle on the client's key kept as one point (so with
 * the key's precomputed table, as dpop4j's key cache does). No parsing, no claims, no {@code ath},
 * no binding, no replay check, no access token: not a DPoP check, only the one step of it no
 * cache can save, because every proof is new. The requests per second it allows bound what any
 * verifier that checks every proof's ES256 signature can reach on the same machine.
 */
final class SignatureOnlyFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final transient ECPublicKeyParameters key;

  SignatureOnlyFilter(ECPublicKey clientKey) {
    X9ECParameters p256 = CustomNamedCurves.getByName("P-256");
    ECDomainParameters domain =
        new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH());
    this.key =
        new ECPublicKeyParameters(
            domain
                .getCurve()
                .validatePoint(clientKey.getW().getAffineX(), clientKey.getW().getAffineY()),
            domain);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String proof = request.getHeader("DPoP");
    int lastDot = proof.lastIndexOf('.');
    byte[] signature = Base64.getUrlDecoder().decode(proof.substring(lastDot + 1));
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, key);
    boolean valid =
        signer.verifySignature(
            sha256(proof.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII)),
            new BigInteger(1, signature, 0, 32),
            new BigInteger(1, signature, 32, 32));
    if (!valid) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    chain.doFilter(request, response);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
