package io.statuspage.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who the client is, through a real server reached from 127.0.0.1, as a proxy there would reach the gateway. */
class ClientAddressTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, ClientAddress> BY_NAME = new ConcurrentHashMap<>();
  private static Vertx vertx;
  private static String base;

  @BeforeAll
  static void start() {
    BY_NAME.put("none", ClientAddress.create(List.of("")));
    BY_NAME.put("loopback", ClientAddress.create(List.of("127.0.0.1", " 10.0.0.0/8 ", "2001:db8:1::/48")));
    BY_NAME.put("elsewhere", ClientAddress.create(List.of("10.0.0.0/8")));
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
      .end(String.valueOf(BY_NAME.get(request.getParam("trust")).of(request)))).listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort() + "/?trust=";
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static String client(String trust, String... forwardedFor) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + trust));
    for (String header : forwardedFor) {
      request.header("X-Forwarded-For", header);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
    assertEquals("127.0.0.1", client("none", "203.0.113.9"));
  }

  @Test
  void aTrustedProxyNamesTheClientAndWhatTheClientClaimedIsIgnored() throws Exception {
    assertEquals("203.0.113.9", client("loopback", "203.0.113.9"));
    // A client that sends its own header cannot choose its address: the proxy appended the real one.
    assertEquals("203.0.113.9", client("loopback", "198.51.100.1, 203.0.113.9"));
    // A chain of trusted proxies is walked back to the first address none of them is.
    assertEquals("203.0.113.9", client("loopback", "198.51.100.1, 203.0.113.9, 10.1.2.3"));
    assertEquals("203.0.113.9", client("loopback", "198.51.100.1", "203.0.113.9, 10.1.2.3"));
    assertEquals("2001:db8:2::7", client("loopback", "[2001:db8:2::7]:443, 2001:db8:1::5"));
    assertEquals("203.0.113.9", client("loopback", "203.0.113.9:5120"));
    assertEquals("127.0.0.1", client("loopback"), "no header: the proxy itself");
    assertEquals("10.0.0.1", client("loopback", "10.0.0.1, 10.0.0.2"), "all trusted: the farthest");
  }

  @Test
  void aPeerThatIsNotATrustedProxyIsTheClient() throws Exception {
    assertEquals("127.0.0.1", client("elsewhere", "203.0.113.9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "proxy.example.com", "10.0.0", "::1/129", "1.2.3.4/-1"})
  void entriesThatAreNotAddressesOrBlocksAreRefused(String entry) {
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.create(List.of(entry)));
  }
}
