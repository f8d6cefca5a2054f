package io.statuspage.uptime;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server that answers as told (status, body, delay) and counts its requests, and a TCP listener
 * that can be closed: the targets probes run against, failing on cue.
 */
final class ProbeTarget implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer http;
  private NetServer tcp;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body = "all ok";
  private volatile long delayMs;

  private ProbeTarget(Vertx vertx) {
    this.vertx = vertx;
    this.http = vertx.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      Runnable answer = () -> request.response().setStatusCode(status).end(body);
      if (delayMs > 0) {
        vertx.setTimer(delayMs, id -> answer.run());
      } else {
        answer.run();
      }
    });
    http.listen(0, "127.0.0.1").await();
    tcp = vertx.createNetServer().connectHandler(socket -> socket.close());
    tcp.listen(0, "127.0.0.1").await();
  }

  static ProbeTarget start(Vertx vertx) {
    return new ProbeTarget(vertx);
  }

  String url(String path) {
    return "http://127.0.0.1:" + http.actualPort() + path;
  }

  int tcpPort() {
    return tcp.actualPort();
  }

  ProbeTarget answer(int newStatus, String newBody, long newDelayMs) {
    status = newStatus;
    body = newBody;
    delayMs = newDelayMs;
    return this;
  }

  int requests() {
    return requests.get();
  }

  /** Closes the TCP listener: its port refuses connections from now on. */
  void closeTcp() {
    tcp.close().await();
  }

  @Override
  public void close() {
    http.close().await();
    tcp.close().await();
  }
}
