package org.dpop4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.RegistrationListener;
import jakarta.security.auth.message.module.ServerAuthModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Authentication 3.0 contract of the provider's {@code (Map, AuthConfigFactory)}
 * constructor: given a factory, the provider registers itself there. The factory is a recording
 * one: Tomcat's own must stay untouched until {@link DpopServerAuthModuleTest} creates it.
 */
class DpopAuthConfigProviderTest {

  private static final TestTokens TOKENS = TestTokens.generate();

  private final RecordingFactory factory = new RecordingFactory();

  @Test
  void createdWithAFactoryTheProviderRegistersItselfForTheServletLayer() {
    DpopAuthConfigProvider provider = new DpopAuthConfigProvider(settings(), factory);

    assertThat(factory.registrations).singleElement().satisfies(registration -> {
      assertThat(registration.provider()).isSameAs(provider);
      assertThat(registration.layer()).isEqualTo(DpopAuthConfigProvider.HTTP_SERVLET_LAYER);
      assertThat(registration.appContext()).as("the properties name no application").isNull();
      assertThat(registration.description()).isEqualTo(DpopAuthConfigProvider.SELF_REGISTRATION);
    });
  }

  @Test
  void aMisspeltSettingFailsTheConstructorBeforeAnythingIsRegistered() {
    assertThatThrownBy(() -> new DpopAuthConfigProvider(Map.of("dpop.tokens.issuer", "x"), factory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dpop.tokens.issuer");
    assertThat(factory.registrations).isEmpty();
  }

  private static Map<String, String> settings() {
    return Map.of(
        DpopSettings.JWKS, TOKENS.jwksJson(),
        DpopSettings.ISSUER, TestTokens.ISSUER,
        DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
  }

  /** A factory that records the provider registrations made with it and supports nothing else. */
  private static final class RecordingFactory extends AuthConfigFactory {

    record Registration(AuthConfigProvider provider, String layer, String appContext, String description) {}

    final List<Registration> registrations = new ArrayList<>();

    @Override
    public String registerConfigProvider(
        AuthConfigProvider provider, String layer, String appContext, String description) {
      registrations.add(new Registration(provider, layer, appContext, description));
      return "registration-" + registrations.size();
    }

    @Override
    public AuthConfigProvider getConfigProvider(
        String layer, String appContext, RegistrationListener listener) {
      throw unsupported();
    }

    @Override
    public String registerConfigProvider(
        String className, Map<String, String> properties, String layer, String appContext,
        String description) {
      throw unsupported();
    }

    @Override
    public boolean removeRegistration(String registrationId) {
      throw unsupported();
    }

    @Override
    public String[] detachListener(RegistrationListener listener, String layer, String appContext) {
      throw unsupported();
    }

    @Override
    public String[] getRegistrationIDs(AuthConfigProvider provider) {
      throw unsupported();
    }

    @Override
    public RegistrationContext getRegistrationContext(String registrationId) {
      throw unsupported();
    }

    @Override
    public void refresh() {
      throw unsupported();
    }

    @Override
    public String registerServerAuthModule(ServerAuthModule module, Object context) {
      throw unsupported();
    }

    @Override
    public void removeServerAuthModule(Object context) {
      throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException("the provider only registers itself");
    }
  }
}
