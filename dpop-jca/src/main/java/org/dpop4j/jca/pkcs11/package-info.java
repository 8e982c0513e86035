/**
 * Keys that never leave a PKCS#11 token, through the JDK's SunPKCS11 provider: {@link
 * org.dpop4j.jca.pkcs11.Pkcs11Token} logs in with the PIN of a {@link
 * org.dpop4j.jca.pkcs11.PinSource}, finds key pairs and secret keys by alias and generates
 * sensitive, non-extractable ones:
 *
 * <pre>{@code
 * try (Pkcs11Token token = Pkcs11Token.builder(library, PinSource.fromEnvironment("HSM_PIN"))
 *     .slotListIndex(0)
 *     .open()) {
 *   KeyPair keys = token.keyPair("dpop-client");
 * }
 * }</pre>
 *
 * <p>The token is chosen by {@code slot} or by {@code slotListIndex}, not both: {@code open()}
 * refuses the two together before it loads the module.
 */
package org.dpop4j.jca.pkcs11;
