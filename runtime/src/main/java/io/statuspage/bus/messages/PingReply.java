package io.statuspage.bus.messages;

/**
 * Reply to {@link io.statuspage.bus.Services#PING}, on every service's address: the service can answer, its own
 * database included.
 *
 * <p>Payload: {@code {"service": "component-service", "status": "ok"}}.
 *
 * <p>Sender: every service's {@link io.statuspage.bus.Endpoint}, once a query on its schema succeeded. Consumers:
 * gateways' health checks, for which the answer arriving is what counts.
 */
public record PingReply(String service, String status) {

  public static PingReply ok(String service) {
    return new PingReply(service, "ok");
  }
}
