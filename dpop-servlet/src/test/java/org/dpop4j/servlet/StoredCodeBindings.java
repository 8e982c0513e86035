package org.dpop4j.servlet;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dpop4j.core.AuthorizationCodeBinding;
import org.dpop4j.core.config.DpopSettings;

/**
 * The authorization server's record of which key each code it issued is bound to, as a web.xml
 * names it ({@code dpop.authorization-code-binding}): a public class with a public no-argument
 * constructor. Tests bind codes of their own, so they do not interfere.
 */
public final class StoredCodeBindings implements AuthorizationCodeBinding {

  private static final Map<String, String> DPOP_JKT_BY_CODE = new ConcurrentHashMap<>();

  /** Init-params of a token endpoint that checks codes against this record, as a web.xml sets them. */
  static Map<String, String> tokenEndpointSettings() {
    return Map.of(
        DpopSettings.MODE, "token-endpoint",
        DpopSettings.AUTHORIZATION_CODE_BINDING, StoredCodeBindings.class.getName());
  }

  /** What the authorization endpoint does when it issues {@code code} for a {@code dpop_jkt}. */
  static void bind(String code, String dpopJkt) {
    DPOP_JKT_BY_CODE.put(code, dpopJkt);
  }

  @Override
  public Optional<String> boundDpopJkt(String code) {
    return Optional.ofNullable(DPOP_JKT_BY_CODE.get(code));
  }
}
