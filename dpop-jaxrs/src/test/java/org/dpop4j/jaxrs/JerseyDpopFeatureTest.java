package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.dpop4j.core.config.DpopSettings;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/**
 * The contract on Jersey, deployed in embedded Tomcat through Jersey's servlet container, with
 * the setting the README recommends: without it Jersey hands body-less refusals to the
 * container's error page, so the 401 would carry Tomcat's HTML instead of an empty body.
 */
class JerseyDpopFeatureTest extends DpopFeatureContract {

  @Override
  void deploy(Context context, Application application) {
    ResourceConfig config =
        ResourceConfig.forApplication(application)
            .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    Tomcat.addServlet(context, "jersey", new ServletContainer(config)).addMapping("/*");
  }

  /** Stops a clustered replay store's connection (Terracotta threads) outliving its application. */
  @Test
  void undeployingTheApplicationClosesTheReplayCacheItsSettingsOpened() throws Exception {
    Map<String, String> settings = resourceServer();
    settings.put(DpopSettings.REPLAY_CACHE, RecordingReplayCacheFactory.NAME);
    int openBefore = RecordingReplayCacheFactory.open();
    Context context = tomcat().addContext("/undeployed", null);
    deploy(context, new TestApplication(new DpopFeature(DpopSettings.from(settings))));
    HttpResponse<Void> started = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + tomcat().getConnector().getLocalPort() + "/undeployed/open"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(started.statusCode()).isLessThan(500);
    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore + 1);

    tomcat().getHost().removeChild(context);

    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore);
  }
}
