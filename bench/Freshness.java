import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long a status change takes to show in the public JSON: PATCH a component's status through the management
 * API, then poll /api/v2/summary.json every millisecond until it shows. Reports the time the PATCH took, the time
 * from its answer to the first body with the new status (what the gateway's snapshot adds), and the two together.
 *
 * <pre>java bench/Freshness.java BASE_URL KEY PAGE_ID COMPONENT_ID [CHANGES]</pre>
 */
public class Freshness {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    String component = base + "/v1/pages/" + args[2] + "/components/" + args[3];
    String id = args[3];
    int changes = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    int warmUp = 500;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Double> millis = new ArrayList<>();
    List<Double> writes = new ArrayList<>();
    List<Double> after = new ArrayList<>();
    String[] statuses = {"major_outage", "operational", "degraded_performance", "partial_outage"};
    for (int i = 0; i < changes + warmUp; i++) {
      String status = statuses[i % statuses.length];
      long start = System.nanoTime();
      HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(component))
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"component\":{\"status\":\"" + status + "\"}}"))
        .header("Authorization", "OAuth " + key).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
      if (patched.statusCode() != 200) {
        throw new IllegalStateException("PATCH answered " + patched.statusCode() + ": " + patched.body());
      }
      double written = (System.nanoTime() - start) / 1e6;
      String expected = "\"id\":\"" + id + "\",\"name\"";
      while (true) {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/summary.json")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
        int at = body.indexOf(expected);
        if (at >= 0 && body.indexOf("\"status\":\"" + status + "\"", at) == body.indexOf("\"status\":\"", at)) {
          break;
        }
        if (System.nanoTime() - start > 10_000_000_000L) {
          throw new IllegalStateException("not visible after 10 s: " + status);
        }
        // A poll every millisecond: fine enough to measure, light enough not to slow what it measures.
        Thread.sleep(1);
      }
      if (i >= warmUp) { // the first ones warm up the JIT and the pools
        double visible = (System.nanoTime() - start) / 1e6;
        millis.add(visible);
        writes.add(written);
        after.add(visible - written);
      }
    }
    Collections.sort(millis);
    Collections.sort(writes);
    Collections.sort(after);
    System.out.printf("PATCH answered: median %.1f ms, p99 %.1f ms%n", at(writes, 0.50), at(writes, 0.99));
    System.out.printf("visible in summary.json after the PATCH answered: median %.1f ms, p90 %.1f ms, p99 %.1f ms, "
      + "max %.1f ms%n", at(after, 0.50), at(after, 0.90), at(after, 0.99), after.get(after.size() - 1));
    System.out.printf("visible in summary.json after the PATCH was sent, %d changes: median %.1f ms, p90 %.1f ms, "
      + "p99 %.1f ms, max %.1f ms%n", millis.size(), at(millis, 0.50), at(millis, 0.90), at(millis, 0.99),
      millis.get(millis.size() - 1));
  }

  private static double at(List<Double> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
